package dev.affix.blob;

import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.StorageService;
import dev.affix.storage.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Copies every blob of one service into another, verifying each copy against the blob's checksum,
 * and optionally moves the rows over: how an application changes services without downtime (mirror
 * new uploads into the new service, copy what exists, then switch). Safe to run again: objects
 * already in the target are skipped, and a row moves only once its bytes are there.
 */
public final class BlobCopier {

    private static final int PAGE = 500;

    /** What happened to one blob. */
    public record Outcome(Blob blob, String result, String detail) {
        public static final String COPIED = "copied";
        public static final String PRESENT = "present";
        public static final String FAILED = "failed";
    }

    /** Counts for the whole run; {@code moved} counts rows pointed at the target. */
    public record Summary(long copied, long present, long failed, long moved) {
    }

    private final Blobs blobs;

    public BlobCopier(Blobs blobs) {
        this.blobs = blobs;
    }

    public Summary copy(String from, String to, boolean moveRows, Consumer<Outcome> outcomes) {
        StorageService source = blobs.service(from);
        StorageService target = blobs.service(to);
        if (source == target) {
            throw new IllegalArgumentException("source and target are the same service '" + from + "'");
        }
        long copied = 0;
        long present = 0;
        long failed = 0;
        long moved = 0;
        long afterId = 0;
        List<Blob> page;
        do {
            page = blobs.page(from, afterId, PAGE);
            for (Blob blob : page) {
                afterId = blob.id();
                Outcome outcome = copyOne(blob, source, target);
                outcomes.accept(outcome);
                switch (outcome.result()) {
                    case Outcome.COPIED -> copied++;
                    case Outcome.PRESENT -> present++;
                    default -> failed++;
                }
                if (moveRows && !outcome.result().equals(Outcome.FAILED) && blobs.moveToService(blob, to)) {
                    moved++;
                }
            }
        } while (page.size() == PAGE);
        return new Summary(copied, present, failed, moved);
    }

    private Outcome copyOne(Blob blob, StorageService source, StorageService target) {
        try {
            if (target.exists(blob.key())) {
                return new Outcome(blob, Outcome.PRESENT, "already in '" + target.name() + "'");
            }
            UploadOptions options = UploadOptions.verifying(blob.checksum()).withByteSize(blob.byteSize())
                    .withMetadata(new ObjectMetadata(blob.contentType(), blob.filename(), null, blob.customMetadata()));
            try (InputStream in = source.download(blob.key())) {
                target.upload(blob.key(), in, options);
            }
            return new Outcome(blob, Outcome.COPIED, blob.byteSize() + " bytes");
        } catch (IOException | RuntimeException e) {
            return new Outcome(blob, Outcome.FAILED, e.getMessage());
        }
    }
}
