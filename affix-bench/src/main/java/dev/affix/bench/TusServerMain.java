package dev.affix.bench;

import dev.affix.Affix;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.http.AffixServlet;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * The server of the tus benchmark, in a JVM of its own so that its heap can be capped: Affix on an H2
 * file database, its tus endpoint on an embedded Tomcat, and one storage service, the Disk (with
 * {@code sync: true}, the default) or S3 on a benchmark s3proxy ({@link S3ProxyMain}).
 *
 * <pre>java -Xmx128m -cp affix-bench.jar dev.affix.bench.TusServerMain PORT WORK disk|s3 [S3_ENDPOINT]</pre>
 */
public final class TusServerMain {

    private TusServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]);
        AffixConfig.Builder config = AffixConfig.builder()
                .secret("benchmark-secret-0123456789")
                .baseUrl("http://127.0.0.1:" + port)
                .database(DatabaseSettings.of("jdbc:h2:file:" + work.resolve("data/affix").toAbsolutePath(), "sa", ""));
        if (args[2].equals("s3")) {
            config.service("s3", "S3", Map.of("bucket", S3ProxyMain.BUCKET, "region", "us-east-1", "endpoint", args[3],
                    "force_path_style", true, "access_key_id", S3ProxyMain.ACCESS_KEY, "secret_access_key", S3ProxyMain.SECRET_KEY,
                    "part_size", 8L << 20)).defaultService("s3");
        } else {
            config.disk("local", work.resolve("storage")).defaultService("local");
        }
        Affix affix = Affix.start(config.build());
        Tomcat tomcat = new Tomcat();
        tomcat.setPort(port);
        tomcat.setHostname("127.0.0.1");
        tomcat.setBaseDir(work.resolve("tomcat").toString());
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "affix", new AffixServlet(affix));
        context.addServletMappingDecoded("/affix/*", "affix");
        tomcat.start();
        System.out.println("tus server ready on " + port);
        tomcat.getServer().await();
    }
}
