package dev.affix.http;

import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.NewBlob;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.extension.AffixExtension;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.disk.DiskService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Affix on an in-memory H2 database and two Disk services ({@code local}, the default, and
 * {@code public}), served by a real Tomcat on 127.0.0.1, and an HTTP client to talk to it.
 */
final class HttpFixture implements AutoCloseable {

    static final String PREFIX = "/affix";
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1,
        8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};

    final MutableClock clock = new MutableClock();
    final Affix affix;
    final DiskService disk;
    final URI base;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    private final EmbeddedTomcat tomcat;

    /**
     * How a test wants the server: the endpoints' options and hooks, {@code http:} settings of the
     * configuration, and whether Tomcat may send files itself.
     */
    record Setup(EndpointOptions options, DirectUploadAuthorizer uploads, ServingAuthorizer serving, ClientKey clients,
            Map<String, Object> httpSettings, boolean sendfile, List<AffixExtension> extensions, UnaryOperator<AffixConfig.Builder> configuration,
            DataSource dataSource) {

        static Setup defaults() {
            return new Setup(EndpointOptions.defaults(), DirectUploadAuthorizer.ALLOW_ALL, ServingAuthorizer.ALLOW_ALL, ClientKey.REMOTE_ADDRESS,
                    Map.of(), true, List.of(), UnaryOperator.identity(), null);
        }

        Setup options(EndpointOptions value) {
            return new Setup(value, uploads, serving, clients, httpSettings, sendfile, extensions, configuration, dataSource);
        }

        Setup uploads(DirectUploadAuthorizer value) {
            return new Setup(options, value, serving, clients, httpSettings, sendfile, extensions, configuration, dataSource);
        }

        Setup serving(ServingAuthorizer value) {
            return new Setup(options, uploads, value, clients, httpSettings, sendfile, extensions, configuration, dataSource);
        }

        Setup clients(ClientKey value) {
            return new Setup(options, uploads, serving, value, httpSettings, sendfile, extensions, configuration, dataSource);
        }

        /** One of the endpoints' keys under {@code http:} in the configuration (which the servlet does not read: BlobUrls does). */
        Setup httpSetting(String key, Object value) {
            Map<String, Object> settings = new LinkedHashMap<>(httpSettings);
            settings.put(key, value);
            return new Setup(options, uploads, serving, clients, settings, sendfile, extensions, configuration, dataSource);
        }

        /** Every byte written by the servlet, as by a container that cannot send files itself. */
        Setup withoutSendfile() {
            return new Setup(options, uploads, serving, clients, httpSettings, false, extensions, configuration, dataSource);
        }

        /** Affix with this extension besides those on the class path (a variant processor, say). */
        Setup extension(AffixExtension value) {
            List<AffixExtension> more = new ArrayList<>(extensions);
            more.add(value);
            return new Setup(options, uploads, serving, clients, httpSettings, sendfile, more, configuration, dataSource);
        }

        /** More of the configuration: services, declarations, a table prefix. */
        Setup configured(UnaryOperator<AffixConfig.Builder> value) {
            return new Setup(options, uploads, serving, clients, httpSettings, sendfile, extensions, value, dataSource);
        }

        /** Affix's tables in this database rather than in a fresh H2 one. */
        Setup dataSource(DataSource value) {
            return new Setup(options, uploads, serving, clients, httpSettings, sendfile, extensions, configuration, value);
        }
    }

    private HttpFixture(Path dir, Setup setup) {
        int port = EmbeddedTomcat.freePort();
        base = URI.create("http://127.0.0.1:" + port);
        AffixConfig.Builder config = AffixConfig.builder()
                .secret("affix-http-test-secret")
                .database(DatabaseSettings.of("jdbc:h2:mem:affix-http-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null))
                .service("local", "Disk", Map.of("root", dir.resolve("local").toString(), "sync", false))
                .service("public", "Disk", Map.of("root", dir.resolve("public").toString(), "sync", false, "public", true))
                .baseUrl(base.toString())
                .prefix(PREFIX)
                .attachment("User.avatar", Map.of("kind", "one"));
        setup.httpSettings().forEach(config::endpointSetting);
        Affix.Builder builder = Affix.builder(setup.configuration().apply(config).build()).clock(clock).jobRunner(new InlineJobRunner());
        if (setup.dataSource() != null) {
            builder.dataSource(setup.dataSource());
        }
        setup.extensions().forEach(builder::extension);
        affix = builder.build();
        disk = (DiskService) affix.services().get("local");
        AffixServlet servlet = new AffixServlet(affix, setup.options(), setup.uploads(), setup.serving(), setup.clients());
        tomcat = EmbeddedTomcat.start(port, dir.resolve("tomcat"), servlet, new CookieTestFilter(), setup.sendfile());
    }

    static HttpFixture start(Path dir) {
        return start(dir, Setup.defaults());
    }

    static HttpFixture start(Path dir, EndpointOptions options, DirectUploadAuthorizer authorizer) {
        return start(dir, Setup.defaults().options(options).uploads(authorizer));
    }

    static HttpFixture start(Path dir, Setup setup) {
        return new HttpFixture(dir, setup);
    }

    /** Stores bytes as the application would, the type identified from them. */
    Blob store(byte[] bytes, String filename) {
        return affix.blobs().create(new ByteArrayInputStream(bytes), NewBlob.named(filename));
    }

    /** Stores bytes under a declared type, taken on trust (as a blob made for a direct upload is until attached). */
    Blob storeAs(byte[] bytes, String filename, String contentType) {
        return affix.blobs().create(new ByteArrayInputStream(bytes), NewBlob.named(filename).withContentType(contentType).withoutIdentification());
    }

    List<Blob> blobs() {
        return affix.blobs().page(null, 0, 1000);
    }

    String proxyPath(Blob blob) {
        return new BlobUrls(affix).proxyPath(blob);
    }

    String redirectPath(Blob blob) {
        return new BlobUrls(affix).redirectPath(blob);
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery));
    }

    /** A GET with header name-value pairs. */
    HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = request(pathAndQuery);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.GET().build());
    }

    HttpResponse<byte[]> get(URI absolute, String... headers) {
        return get(absolute.getRawPath() + (absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery()), headers);
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The headers of a response, less the Date that differs from one to the next. */
    static Map<String, List<String>> headersWithoutDate(HttpResponse<?> response) {
        Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
        headers.remove("date");
        return headers;
    }

    @Override
    public void close() {
        tomcat.close();
        affix.close();
    }
}
