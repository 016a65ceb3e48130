package dev.affix.rails.interop;

import dev.affix.http.AffixServlet;
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
import org.apache.catalina.startup.Tomcat;

/** Affix's endpoints in a real Tomcat on 127.0.0.1, as an application would mount them. */
final class AffixTomcat implements AutoCloseable {

    /** Held so that the level sticks: java.util.logging keeps loggers only weakly. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(Level.WARNING);
    }

    private final Tomcat tomcat;

    private AffixTomcat(Tomcat tomcat) {
        this.tomcat = tomcat;
    }

    static AffixTomcat start(int port, Path baseDir, AffixServlet servlet) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        StandardContext context = (StandardContext) tomcat.addContext("", null);
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        Tomcat.addServlet(context, "affix", servlet).addMapping(servlet.urlPattern());
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start on port " + port, e);
        }
        return new AffixTomcat(tomcat);
    }

    /** A port that was free a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
