package dev.affix.http;

import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** A real Tomcat on 127.0.0.1 serving an {@link AffixServlet} (behind an optional filter), for the tests and the benchmark. */
final class EmbeddedTomcat implements AutoCloseable {

    /** Held so that the level sticks: java.util.logging keeps loggers only weakly. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(Level.WARNING);
    }

    private final Tomcat tomcat;

    private EmbeddedTomcat(Tomcat tomcat) {
        this.tomcat = tomcat;
    }

    static EmbeddedTomcat start(int port, Path baseDir, AffixServlet servlet, Filter filter) {
        return start(port, baseDir, servlet, filter, true);
    }

    /** @param sendfile whether the connector offers sendfile, as Tomcat's NIO connector does by default */
    static EmbeddedTomcat start(int port, Path baseDir, AffixServlet servlet, Filter filter, boolean sendfile) {
        return start(port, baseDir, servlet, filter, sendfile, null);
    }

    /** @param staticRoot a folder whose files are served below {@code /} beside the servlet (a test's pages), or null */
    static EmbeddedTomcat start(int port, Path baseDir, AffixServlet servlet, Filter filter, boolean sendfile, Path staticRoot) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("useSendfile", Boolean.toString(sendfile));
        tomcat.setConnector(connector);
        StandardContext context = (StandardContext) tomcat.addContext("", staticRoot == null ? null : staticRoot.toString());
        // no web application is undeployed here: spare the leak checks that warn at every stop
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        Tomcat.addServlet(context, "affix", servlet).addMapping(servlet.urlPattern());
        if (staticRoot != null) {
            Tomcat.addServlet(context, "static", new DefaultServlet()).addMapping("/");
            context.addMimeMapping("html", "text/html");
            context.addMimeMapping("js", "text/javascript");
        }
        if (filter != null) {
            FilterDef definition = new FilterDef();
            definition.setFilterName("test-filter");
            definition.setFilter(filter);
            context.addFilterDef(definition);
            FilterMap mapping = new FilterMap();
            mapping.setFilterName("test-filter");
            mapping.addURLPattern("/*");
            context.addFilterMap(mapping);
        }
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start on port " + port, e);
        }
        return new EmbeddedTomcat(tomcat);
    }

    /** A port that was free a moment ago (the Affix base URL must be known before the server starts). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void await() {
        tomcat.getServer().await();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        }
    }
}
