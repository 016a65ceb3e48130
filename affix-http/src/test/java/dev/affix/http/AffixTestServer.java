package dev.affix.http;

import dev.affix.Affix;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.StorageKeys;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Affix on an in-memory H2 database, with the storage a test configures, served by a real Tomcat on
 * 127.0.0.1 under {@code /affix}: for the tests of other modules that speak to its endpoints.
 */
public final class AffixTestServer implements AutoCloseable {

    private final Affix affix;
    private final EmbeddedTomcat tomcat;
    private final URI base;

    private AffixTestServer(Affix affix, EmbeddedTomcat tomcat, URI base) {
        this.affix = affix;
        this.tomcat = tomcat;
        this.base = base;
    }

    /**
     * @param storage adds the services (and the default one) to the configuration
     * @param options the endpoints' options
     */
    public static AffixTestServer start(Path dir, UnaryOperator<AffixConfig.Builder> storage, EndpointOptions options,
            DirectUploadAuthorizer authorizer) {
        return start(dir, storage, options, authorizer, null);
    }

    /** @param staticRoot a folder whose files are served below {@code /} (a test's pages and scripts), or null */
    public static AffixTestServer start(Path dir, UnaryOperator<AffixConfig.Builder> storage, EndpointOptions options,
            DirectUploadAuthorizer authorizer, Path staticRoot) {
        int port = EmbeddedTomcat.freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        AffixConfig config = storage.apply(AffixConfig.builder()
                .secret("affix-test-server-secret")
                .baseUrl(base.toString())
                .database(DatabaseSettings.of("jdbc:h2:mem:affix-" + StorageKeys.random() + ";DB_CLOSE_DELAY=-1", "sa", "")))
                .build();
        Affix affix = Affix.builder(config).jobRunner(new InlineJobRunner()).build();
        try {
            return new AffixTestServer(affix, EmbeddedTomcat.start(port, dir.resolve("tomcat"), new AffixServlet(affix, options, authorizer),
                    null, true, staticRoot), base);
        } catch (RuntimeException e) {
            affix.close();
            throw e;
        }
    }

    public Affix affix() {
        return affix;
    }

    /** The address of a path on the server, e.g. {@code /affix/tus/}. */
    public URI uri(String path) {
        return base.resolve(path);
    }

    @Override
    public void close() {
        tomcat.close();
        affix.close();
    }
}
