package dev.affix.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import dev.affix.storage.StorageService;
import dev.affix.storage.spi.ServiceContext;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.storage.spi.StorageServiceFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code service: GCS} with {@code bucket:} (required), {@code project:}, {@code credentials:} (a
 * service-account JSON key file; without it Application Default Credentials, or none at all when an
 * {@code endpoint:} such as an emulator is given), {@code public:} and {@code cache_control:}.
 */
public final class GcsServiceFactory implements StorageServiceFactory {

    static final Set<String> KEYS = Set.of("project", "bucket", "credentials", "public", "cache_control", "endpoint");

    /**
     * Transient failures (429, 5xx, broken connections) are retried at most five times, backing off from
     * half a second to 16 seconds with random jitter, and never for longer than two minutes in all.
     */
    static final RetrySettings RETRY_SETTINGS = RetrySettings.newBuilder()
            .setMaxAttempts(6)
            .setInitialRetryDelayDuration(Duration.ofMillis(500))
            .setRetryDelayMultiplier(2.0)
            .setMaxRetryDelayDuration(Duration.ofSeconds(16))
            .setInitialRpcTimeoutDuration(Duration.ofSeconds(60))
            .setRpcTimeoutMultiplier(1.0)
            .setMaxRpcTimeoutDuration(Duration.ofSeconds(60))
            .setTotalTimeoutDuration(Duration.ofMinutes(2))
            .build();

    @Override
    public String type() {
        return GcsService.TYPE;
    }

    @Override
    public StorageService create(ServiceSettings settings, ServiceContext context) {
        settings.requireOnlyKeys(KEYS);
        String bucket = settings.requireString("bucket");
        Optional<String> endpoint = settings.string("endpoint").map(value -> requireEndpoint(settings, value));
        StorageOptions.Builder options = StorageOptions.http()
                .setCredentials(credentials(settings, endpoint.isPresent()))
                .setRetrySettings(RETRY_SETTINGS)
                // every request Affix makes may be repeated safely: objects are written whole by
                // finalized sessions, deletes are idempotent, compose and metadata updates converge
                .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy());
        settings.string("project").ifPresent(options::setProjectId);
        endpoint.ifPresent(options::setHost);
        Storage storage = options.build().getService();
        return new GcsService(settings.name(), storage, bucket, settings.bool("public", false),
                settings.string("cache_control").orElse(null));
    }

    private static Credentials credentials(ServiceSettings settings, boolean hasEndpoint) {
        Optional<String> file = settings.string("credentials");
        if (file.isPresent()) {
            return keyFile(settings, Path.of(file.get()));
        }
        if (hasEndpoint) {
            return NoCredentials.getInstance();
        }
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw settings.problem("no 'credentials' key file is configured and Application Default Credentials are not "
                    + "available: " + e.getMessage(), e);
        }
    }

    private static Credentials keyFile(ServiceSettings settings, Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return ServiceAccountCredentials.fromStream(in);
        } catch (NoSuchFileException e) {
            throw settings.problem("credentials file " + path + " does not exist", e);
        } catch (IOException | RuntimeException e) {
            throw settings.problem("credentials file " + path + " is not a readable service-account JSON key: "
                    + e.getMessage(), e);
        }
    }

    private static String requireEndpoint(ServiceSettings settings, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw settings.problem("endpoint '" + value + "' is not a URL", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw settings.problem("endpoint '" + value + "' must be an http or https URL with a host");
        }
        return value.replaceAll("/+$", "");
    }
}
