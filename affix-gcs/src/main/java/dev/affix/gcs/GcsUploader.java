package dev.affix.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage.BlobWriteOption;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.io.Streams;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Streams an upload into a resumable upload session and finalizes the session only once the bytes
 * have been verified. GCS makes an object visible only when its session is finalized, so an upload
 * that fails (wrong checksum or length, a source that breaks off, a refused request) is abandoned
 * unfinalized: nothing appears at the key and a previous object there stays as it was. An expected
 * MD5 also travels with the session, so that GCS itself refuses to finalize other bytes. Unless the
 * caller asks to overwrite, the session carries {@code ifGenerationMatch=0}: GCS creates the object
 * only if the key is free when the session starts and when it is finalized, and otherwise answers
 * 412, which becomes {@link dev.affix.storage.KeyExistsException}.
 */
final class GcsUploader {

    /**
     * The part of an upload the SDK holds in memory before sending it, whatever the object's size.
     * GCS wants a multiple of 256 KiB; fewer, larger requests make uploads faster.
     */
    static final int CHUNK_SIZE = 8 * 1024 * 1024;

    private final GcsBucket bucket;

    GcsUploader(GcsBucket bucket) {
        this.bucket = bucket;
    }

    StoredObject upload(String key, InputStream in, UploadOptions options) {
        StorageKeys.requireValidKey(key);
        BlobInfo.Builder info = bucket.objectInfo(key, options.metadata());
        Optional<Checksum> md5 = options.checksumIfExpected().filter(c -> c.algorithm() == ChecksumAlgorithm.MD5);
        md5.ifPresent(checksum -> info.setMd5(checksum.base64()));
        WriteChannel session = open(key, info.build(), md5.isPresent(), options.overwrite());
        DigestingInputStream digesting = new DigestingInputStream(in, options.algorithm());
        copy(key, digesting, session, options);
        StoredObject stored = new StoredObject(key, digesting.byteCount(), digesting.checksum());
        verify(stored, options);
        finish(key, session);
        return stored;
    }

    /**
     * md5Match() is deprecated in SDK 2.75 with no replacement for writer(); without it the SDK drops
     * the MD5 from the session's metadata (GcsServiceTest checks that it is sent).
     */
    @SuppressWarnings("deprecation")
    private WriteChannel open(String key, BlobInfo info, boolean serverChecksMd5, boolean overwrite) {
        List<BlobWriteOption> options = new ArrayList<>();
        if (serverChecksMd5) {
            options.add(BlobWriteOption.md5Match());
        }
        if (!overwrite) {
            options.add(BlobWriteOption.doesNotExist());
        }
        try {
            WriteChannel session = bucket.storage().writer(info, options.toArray(BlobWriteOption[]::new));
            session.setChunkSize(CHUNK_SIZE);
            return session;
        } catch (com.google.cloud.storage.StorageException e) {
            throw bucket.writeFailure("start storing key '" + key + "'", key, e);
        }
    }

    private void copy(String key, DigestingInputStream source, WriteChannel session, UploadOptions options) {
        byte[] buffer = new byte[Streams.BUFFER_SIZE];
        long limit = options.byteSizeIfExpected().orElse(Long.MAX_VALUE);
        int n;
        while ((n = read(key, source, buffer)) >= 0) {
            if (source.byteCount() > limit) {
                throw new IntegrityException("upload to key '" + key + "' in service '" + bucket.serviceName()
                        + "' is longer than the " + limit + " bytes declared; nothing was stored");
            }
            write(key, session, ByteBuffer.wrap(buffer, 0, n));
        }
    }

    private int read(String key, InputStream source, byte[] buffer) {
        try {
            return source.read(buffer);
        } catch (IOException e) {
            throw new StorageException("GCS service '" + bucket.serviceName() + "': reading the upload for key '" + key
                    + "' failed (" + e + "); the upload was abandoned and nothing was stored", e);
        }
    }

    private void write(String key, WriteChannel session, ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                session.write(bytes);
            }
        } catch (IOException e) {
            throw sdkCause(e).map(cause -> bucket.writeFailure("store key '" + key + "'", key, cause))
                    .orElseGet(() -> transportFailure("store key '" + key + "'", e));
        } catch (com.google.cloud.storage.StorageException e) {
            throw bucket.writeFailure("store key '" + key + "'", key, e);
        }
    }

    /** Runs before the session is finalized, so a mismatch leaves nothing behind. */
    private void verify(StoredObject stored, UploadOptions options) {
        if (options.expectedByteSize() != null && stored.byteSize() != options.expectedByteSize()) {
            throw new IntegrityException("upload to key '" + stored.key() + "' in service '" + bucket.serviceName() + "' has "
                    + stored.byteSize() + " bytes, not the " + options.expectedByteSize() + " declared; nothing was stored");
        }
        Checksum expected = options.expectedChecksum();
        if (expected != null && !expected.equals(stored.checksum())) {
            throw new IntegrityException("upload to key '" + stored.key() + "' in service '" + bucket.serviceName()
                    + "' has checksum " + stored.checksum() + ", not the " + expected + " declared; nothing was stored");
        }
    }

    private void finish(String key, WriteChannel session) {
        try {
            session.close();
        } catch (IOException e) {
            throw sdkCause(e).map(cause -> finishFailure(key, cause))
                    .orElseGet(() -> transportFailure("finish storing key '" + key + "'", e));
        } catch (com.google.cloud.storage.StorageException e) {
            throw finishFailure(key, e);
        }
    }

    /** The channel reports the SDK's own exception wrapped in an IOException. */
    private static Optional<com.google.cloud.storage.StorageException> sdkCause(IOException e) {
        return e.getCause() instanceof com.google.cloud.storage.StorageException cause ? Optional.of(cause) : Optional.empty();
    }

    private StorageException transportFailure(String action, IOException e) {
        return new StorageException("GCS service '" + bucket.serviceName() + "': could not " + action + ": " + e, e);
    }

    /** GCS answers 400 when the bytes it received do not have the MD5 the session declared. */
    private StorageException finishFailure(String key, com.google.cloud.storage.StorageException e) {
        if (e.getCode() == 400 && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("md5")) {
            return new IntegrityException("GCS received other bytes for key '" + key + "' in service '"
                    + bucket.serviceName() + "' than the declared MD5 describes; nothing was stored", e);
        }
        return bucket.writeFailure("finish storing key '" + key + "'", key, e);
    }
}
