package dev.affix.doctor;

import dev.affix.blob.ByteJanitor;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.db.Database;
import dev.affix.io.Streams;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StorageService;
import dev.affix.storage.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Moves objects that no blob references out of the way instead of deleting them: a copy under
 * {@code affix-quarantine/<run>/<key>} in the same service, verified against the checksum of a
 * first full read, then the original deleted through the pending deletions table (which keeps it if
 * a blob row took the key meanwhile). Through the storage contract only, so it works on every
 * service; a Disk service copies rather than renames.
 */
final class Quarantine {

    /** Where quarantined objects go, in the service they came from; the doctor never counts them as unknown. */
    static final String PREFIX = "affix-quarantine/";

    private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What undoing one quarantine did. */
    enum Restored { RESTORED, IN_PLACE }

    private final Database own;
    private final DoctorRows rows;
    private final ByteJanitor janitor;

    Quarantine(Database own, DoctorRows rows, ByteJanitor janitor) {
        this.own = own;
        this.rows = rows;
        this.janitor = janitor;
    }

    /** The folder of one run's quarantined objects. */
    static String folder(Instant startedAt) {
        return PREFIX + RUN.format(startedAt) + "/";
    }

    /**
     * Quarantines the object at {@code key}, writing the fix to the log before the original goes.
     * Empty if a blob row took the key meanwhile: then the copy is removed and nothing has changed.
     * A failure before the copy is complete is thrown, with nothing changed; once the copy is made, a
     * failure to delete the original leaves that to the pending deletions, which retry it.
     */
    Optional<Fix.Quarantine> move(StorageService service, String key, String folder, FixLog log) {
        String quarantineKey = StorageKeys.requireValidKey(folder + key);
        Checksum checksum;
        long byteSize;
        try (InputStream in = service.download(key);
             DigestingInputStream digesting = new DigestingInputStream(in, ChecksumAlgorithm.MD5)) {
            Streams.copy(digesting, OutputStream.nullOutputStream());
            checksum = digesting.checksum();
            byteSize = digesting.byteCount();
        } catch (IOException e) {
            throw new StorageException("could not read key '" + key + "' of service '" + service.name() + "': " + e.getMessage(), e);
        }
        // a second read, verified against the first: an object that changes in between is not moved
        copy(service, key, quarantineKey, checksum, byteSize);
        Fix.Quarantine fix = new Fix.Quarantine(service.name(), key, quarantineKey, byteSize, checksum);
        log.write(fix);
        log.flush();
        try {
            if (!janitor.deleteUnlessReferenced(service.name(), key)) {
                service.delete(quarantineKey);
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            // the verified copy is in quarantine and logged; the janitor keeps the original's deletion, retries it, and says why
        }
        return Optional.of(fix);
    }

    /**
     * Puts a quarantined object back at its key (verified), then removes the copy; if the key holds
     * an object already, the original never went and only the copy is removed. Pending deletions of
     * the key are withdrawn first: a quarantine cut short may have left one.
     */
    Restored restore(StorageService service, Fix.Quarantine fix) {
        own.inTransaction(c -> {
            rows.cancelPending(c, fix.serviceName(), fix.key());
            return null;
        });
        if (service.exists(fix.key())) {
            service.delete(fix.quarantineKey());
            return Restored.IN_PLACE;
        }
        if (!service.exists(fix.quarantineKey())) {
            throw new StorageException("neither key '" + fix.key() + "' nor its quarantined copy '" + fix.quarantineKey()
                    + "' is in service '" + service.name() + "'");
        }
        copy(service, fix.quarantineKey(), fix.key(), fix.checksum(), fix.byteSize());
        service.delete(fix.quarantineKey());
        return Restored.RESTORED;
    }

    private static void copy(StorageService service, String from, String to, Checksum checksum, long byteSize) {
        try (InputStream in = service.download(from)) {
            service.upload(to, in, UploadOptions.verifying(checksum).withByteSize(byteSize));
        } catch (IOException e) {
            throw new StorageException("could not copy key '" + from + "' to '" + to + "' in service '" + service.name() + "': "
                    + e.getMessage(), e);
        }
    }
}
