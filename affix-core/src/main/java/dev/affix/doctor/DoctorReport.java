package dev.affix.doctor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run of the {@link Doctor} found in the tables and in one service, and what it repaired.
 *
 * @param serviceName    the service whose blobs and objects were checked
 * @param repaired       whether the run repaired what it found ({@code --fix})
 * @param objectsListed  how many objects the service's listing held, Affix's own included
 * @param blobsChecked   how many blobs of the service old enough to be checked there were
 * @param fixLog         the file the repairs were written to; null when nothing was to be repaired
 * @param seconds        how long the run took
 */
public record DoctorReport(String serviceName, boolean repaired, Finding hasOneDuplicates, Finding orphanAttachments,
        Finding missingBytes, Finding unknownObjects, long objectsListed, long blobsChecked, Path fixLog, double seconds) {

    /** What one check found: how many, how many the run repaired, and the first few as JSON objects. */
    public record Finding(long found, long fixed, List<Map<String, Object>> samples) {
        public Finding {
            samples = List.copyOf(samples);
        }

        Map<String, Object> asJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("found", found);
            json.put("fixed", fixed);
            json.put("samples", samples);
            return json;
        }
    }

    /** Problems found and not repaired: all of them without {@code --fix}; missing bytes always. */
    public long problemsLeft() {
        return List.of(hasOneDuplicates, orphanAttachments, missingBytes, unknownObjects).stream()
                .mapToLong(finding -> finding.found() - finding.fixed()).sum();
    }

    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("service", serviceName);
        json.put("fix", repaired);
        json.put("has_one_duplicates", hasOneDuplicates.asJson());
        json.put("orphan_attachments", orphanAttachments.asJson());
        json.put("missing_bytes", missingBytes.asJson());
        json.put("unknown_objects", unknownObjects.asJson());
        json.put("objects_listed", objectsListed);
        json.put("blobs_checked", blobsChecked);
        json.put("problems_left", problemsLeft());
        json.put("fix_log", fixLog == null ? null : fixLog.toString());
        json.put("seconds", seconds);
        return json;
    }
}
