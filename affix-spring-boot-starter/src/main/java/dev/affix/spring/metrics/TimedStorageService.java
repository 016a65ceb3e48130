package dev.affix.spring.metrics;

import dev.affix.storage.ByteRange;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.ForwardingStorageService;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ObjectSummary;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A storage service whose operations are timed into the Micrometer timer {@value #METER}, tagged
 * {@code service} (its configured name), {@code operation} ({@code upload}, {@code download},
 * {@code download_range}, {@code delete}, {@code delete_prefixed}, {@code exists}, {@code head}, {@code url},
 * {@code direct_upload}, {@code compose}, {@code update_metadata}) and {@code outcome}
 * ({@code success}, or the simple name of the exception's class).
 *
 * <p>A download is timed until its stream is returned, not while the caller reads it: that time
 * belongs to the consumer (a slow client, a transformer), which the timer could not tell apart from
 * the service; so is a listing, which pages as it is read. Everything else (capabilities such as local files and replication, {@link #check()},
 * {@link #downloadToTempFile}, {@link #close()}) goes to the wrapped service untimed, through
 * {@link ForwardingStorageService}, so the service keeps everything it can do.
 */
public final class TimedStorageService extends ForwardingStorageService {

    public static final String METER = "affix.storage";

    private final StorageService delegate;
    private final MeterRegistry registry;

    public TimedStorageService(StorageService delegate, MeterRegistry registry) {
        super(delegate);
        this.delegate = delegate;
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public StoredObject upload(String key, InputStream in, UploadOptions options) {
        return timed("upload", () -> delegate.upload(key, in, options));
    }

    @Override
    public InputStream download(String key) {
        return timed("download", () -> delegate.download(key));
    }

    @Override
    public InputStream download(String key, ByteRange range) {
        return timed("download_range", () -> delegate.download(key, range));
    }

    @Override
    public boolean exists(String key) {
        return timed("exists", () -> delegate.exists(key));
    }

    @Override
    public Optional<ObjectSummary> head(String key) {
        return timed("head", () -> delegate.head(key));
    }

    @Override
    public void delete(String key) {
        timed("delete", () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public void deletePrefixed(String prefix) {
        timed("delete_prefixed", () -> {
            delegate.deletePrefixed(prefix);
            return null;
        });
    }

    @Override
    public URI url(String key, UrlOptions options) {
        return timed("url", () -> delegate.url(key, options));
    }

    @Override
    public DirectUploadTarget directUpload(String key, DirectUploadRequest request) {
        return timed("direct_upload", () -> delegate.directUpload(key, request));
    }

    @Override
    public void updateMetadata(String key, ObjectMetadata metadata) {
        timed("update_metadata", () -> {
            delegate.updateMetadata(key, metadata);
            return null;
        });
    }

    @Override
    public StoredObject compose(List<String> sourceKeys, String destinationKey, UploadOptions options) {
        return timed("compose", () -> delegate.compose(sourceKeys, destinationKey, options));
    }


    @Override
    public String toString() {
        return "timed " + delegate;
    }

    private <T> T timed(String operation, Supplier<T> call) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "success";
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
            outcome = outcome(e);
            throw e;
        } finally {
            sample.stop(Timer.builder(METER)
                    .description("Operations of Affix storage services")
                    .tag("service", delegate.name())
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .register(registry));
        }
    }

    private static String outcome(Throwable failure) {
        String simple = failure.getClass().getSimpleName();
        // an anonymous class has no simple name
        return simple.isEmpty() ? failure.getClass().getName() : simple;
    }
}
