package dev.affix.http;

import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.NewBlob;
import dev.affix.blob.SignedIds;
import dev.affix.config.AffixConfig;
import dev.affix.json.Json;
import dev.affix.storage.UrlOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves the endpoints on a real Tomcat for load tests (wrk): an Affix with one Disk service and an H2
 * file database, bound to 127.0.0.1. With a sample file, stores it and prints its URLs as one JSON line.
 *
 * <pre>ServeForBenchmark PORT STORAGE_DIR H2_FILE [SAMPLE_FILE]</pre>
 */
public final class ServeForBenchmark {

    private ServeForBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: ServeForBenchmark PORT STORAGE_DIR H2_FILE [SAMPLE_FILE]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String base = "http://127.0.0.1:" + port;
        AffixConfig config = AffixConfig.builder()
                .secret(System.getenv().getOrDefault("AFFIX_SECRET", "benchmark-only-secret"))
                .database("jdbc:h2:file:" + Path.of(args[2]).toAbsolutePath(), null, null)
                .disk("local", Path.of(args[1]))
                .baseUrl(base)
                .jobRunner("inline")
                .build();
        Affix affix = Affix.start(config);
        EmbeddedTomcat tomcat = EmbeddedTomcat.start(port, Files.createTempDirectory("affix-tomcat"), new AffixServlet(affix), null);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            tomcat.close();
            affix.close();
        }));

        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put("direct_uploads_url", base + config.http().prefix() + "/direct_uploads");
        if (args.length == 4) {
            Path sample = Path.of(args[3]);
            Blob blob;
            try (InputStream in = Files.newInputStream(sample)) {
                blob = affix.blobs().create(in, NewBlob.named(sample.getFileName().toString()));
            }
            String tail = affix.blobs().signedId(blob, SignedIds.SERVE, null) + "/" + HttpFixture.encode(blob.filename());
            urls.put("proxy_url", base + config.http().prefix() + "/blobs/proxy/" + tail);
            urls.put("redirect_url", base + config.http().prefix() + "/blobs/redirect/" + tail);
            urls.put("disk_url", affix.blobs().service(blob).url(blob.key(),
                    UrlOptions.expiringIn(Duration.ofDays(1)).withFilename(blob.filename())).toString());
        }
        System.out.println(Json.write(urls));
        System.out.flush();
        tomcat.await();
    }
}
