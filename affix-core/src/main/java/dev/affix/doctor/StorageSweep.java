package dev.affix.doctor;

import dev.affix.db.Database;
import dev.affix.storage.ObjectSummary;
import dev.affix.storage.StorageService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One pass over a service's listing, a batch of keys at a time (never all of them in memory), each
 * batch looked up in the blobs table with one {@code IN} query. An object is unknown when no blob
 * row of a service sharing its storage holds its key, no pending deletion waits for it (bytes on
 * their way out, or an upload whose row is not written yet), and it is not one of Affix's own
 * (service checks' probes, GCS's compose scratch, the quarantine). Variants and previews are blobs
 * with rows like any other. The pass also counts the listed keys that the service's own blobs
 * (those made before {@code checkedBefore}) hold, from which {@link MissingBytes} tells whether any
 * blob's bytes are missing without asking the service about each.
 */
final class StorageSweep {

    /** Prefixes of the objects Affix makes for itself: a service check's probe, GCS's compose scratch, the doctor's quarantine. */
    static final List<String> OWN_PREFIXES = List.of("affix-check/", "affix-compose/", Quarantine.PREFIX);

    private static final int BATCH = 5000;

    /** How many objects were listed, and how many of them the service's checked blobs hold. */
    record Result(long listed, long heldByCheckedBlobs) {
    }

    private final Database own;
    private final DoctorRows rows;
    private final Quarantine quarantine;

    StorageSweep(Database own, DoctorRows rows, Quarantine quarantine) {
        this.own = own;
        this.rows = rows;
        this.quarantine = quarantine;
    }

    /**
     * @param sharing   the services whose blob rows may hold this service's keys
     * @param folder    where to quarantine unknown objects; null to report them only
     */
    Result sweep(StorageService service, Set<String> sharing, Instant checkedBefore, Tally unknown, String folder, FixLog log) {
        long listed = 0;
        long held = 0;
        List<ObjectSummary> batch = new ArrayList<>(BATCH);
        try (Stream<ObjectSummary> listing = service.list("")) {
            Iterator<ObjectSummary> objects = listing.iterator();
            while (objects.hasNext()) {
                ObjectSummary object = objects.next();
                listed++;
                if (OWN_PREFIXES.stream().noneMatch(object.key()::startsWith)) {
                    batch.add(object);
                }
                if (batch.size() == BATCH) {
                    held += examine(service, sharing, checkedBefore, batch, unknown, folder, log);
                    batch.clear();
                }
            }
        }
        held += examine(service, sharing, checkedBefore, batch, unknown, folder, log);
        return new Result(listed, held);
    }

    private long examine(StorageService service, Set<String> sharing, Instant checkedBefore, List<ObjectSummary> batch, Tally unknown,
            String folder, FixLog log) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<String> keys = batch.stream().map(ObjectSummary::key).toList();
        Map<String, DoctorRows.KeyHolder> holders = own.read(c -> rows.holders(c, keys));
        long held = 0;
        List<ObjectSummary> unheld = new ArrayList<>();
        for (ObjectSummary object : batch) {
            DoctorRows.KeyHolder holder = holders.get(object.key());
            if (holder == null || !sharing.contains(holder.serviceName())) {
                unheld.add(object);
            } else if (holder.serviceName().equals(service.name()) && holder.createdAt().isBefore(checkedBefore)) {
                held++;
            }
        }
        if (!unheld.isEmpty()) {
            List<String> unheldKeys = unheld.stream().map(ObjectSummary::key).toList();
            Set<String> pending = own.read(c -> rows.pending(c, unheldKeys, sharing));
            for (ObjectSummary object : unheld) {
                if (!pending.contains(object.key())) {
                    found(service, object, unknown, folder, log);
                }
            }
        }
        return held;
    }

    private void found(StorageService service, ObjectSummary object, Tally unknown, String folder, FixLog log) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("key", object.key());
        sample.put("byte_size", object.byteSize());
        if (folder == null) {
            unknown.found(sample);
            return;
        }
        try {
            Optional<Fix.Quarantine> moved = quarantine.move(service, object.key(), folder, log);
            if (moved.isEmpty()) {
                // a blob row took the key since the look-up: not unknown any more
                return;
            }
            sample.put("quarantine_key", moved.get().quarantineKey());
            unknown.found(sample);
            unknown.fixed();
        } catch (RuntimeException e) {
            sample.put("error", e.getMessage());
            unknown.found(sample);
        }
    }
}
