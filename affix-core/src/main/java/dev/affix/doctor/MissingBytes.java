package dev.affix.doctor;

import dev.affix.attachment.AttachmentRepository;
import dev.affix.blob.Blob;
import dev.affix.blob.BlobRepository;
import dev.affix.db.Database;
import dev.affix.storage.StorageService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blobs of a service whose bytes are missing. The listing pass counted the listed keys held by the
 * service's blobs made before {@code checkedBefore}; when as many such blobs exist as were found, and
 * their number did not change during the pass, none is missing and the service is asked nothing
 * more. Otherwise each of those blobs is looked up with {@code head}, in id order, until as many
 * missing ones were found as the counts say (or all were asked, when blobs came or went meanwhile).
 * Younger blobs are not checked: a direct upload may still be on its way. Missing bytes are
 * reported, never repaired: no row changes.
 */
final class MissingBytes {

    private static final int PAGE = 1000;

    private final Database own;
    private final DoctorRows rows;
    private final BlobRepository blobs;
    private final AttachmentRepository attachments;

    MissingBytes(Database own, DoctorRows rows, BlobRepository blobs, AttachmentRepository attachments) {
        this.own = own;
        this.rows = rows;
        this.blobs = blobs;
        this.attachments = attachments;
    }

    /** How many blobs of the service the check covers now. */
    long checkedBlobs(StorageService service, Instant checkedBefore) {
        return own.read(c -> rows.countBlobs(c, service.name(), checkedBefore));
    }

    /**
     * @param countedBefore {@link #checkedBlobs} before the listing pass
     * @param heldListed    the listed keys those blobs hold
     * @return how many blobs were checked
     */
    long check(StorageService service, Instant checkedBefore, long countedBefore, long heldListed, Tally missing) {
        long countedAfter = checkedBlobs(service, checkedBefore);
        boolean steady = countedAfter == countedBefore;
        long expected = countedAfter - heldListed;
        if (steady && expected == 0) {
            return countedAfter;
        }
        long afterId = 0;
        List<Blob> page;
        do {
            long from = afterId;
            page = own.read(c -> blobs.page(c, service.name(), from, PAGE));
            for (Blob blob : page) {
                afterId = blob.id();
                if (blob.createdAt().isBefore(checkedBefore) && service.head(blob.key()).isEmpty()
                        && own.read(c -> rows.blobExists(c, blob.id()))) {
                    missing.found(missing.wantsSample() ? sample(blob) : null);
                    if (steady && missing.count() == expected) {
                        return countedAfter;
                    }
                }
            }
        } while (page.size() == PAGE);
        return countedAfter;
    }

    private Map<String, Object> sample(Blob blob) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("blob_id", blob.id());
        sample.put("key", blob.key());
        sample.put("filename", blob.filename());
        sample.put("byte_size", blob.byteSize());
        sample.put("attached", own.read(c -> attachments.isAttached(c, blob.id())));
        return sample;
    }
}
