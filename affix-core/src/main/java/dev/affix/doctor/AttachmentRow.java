package dev.affix.doctor;

import dev.affix.attachment.RecordRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An attachment row as the fix log keeps it: everything needed to write it back as it was. */
record AttachmentRow(long id, String name, String recordType, String recordId, long blobId, Instant createdAt) {

    RecordRef record() {
        return new RecordRef(recordType, recordId);
    }

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("name", name);
        json.put("record_type", recordType);
        json.put("record_id", recordId);
        json.put("blob_id", blobId);
        json.put("created_at", createdAt.toString());
        return json;
    }

    static AttachmentRow fromJson(Map<?, ?> json) {
        return new AttachmentRow(number(json, "id"), text(json, "name"), text(json, "record_type"), text(json, "record_id"),
                number(json, "blob_id"), Instant.parse(text(json, "created_at")));
    }

    private static long number(Map<?, ?> json, String key) {
        if (!(json.get(key) instanceof Number value)) {
            throw new IllegalArgumentException("the attachment has no number '" + key + "'");
        }
        return value.longValue();
    }

    private static String text(Map<?, ?> json, String key) {
        if (!(json.get(key) instanceof String value)) {
            throw new IllegalArgumentException("the attachment has no text '" + key + "'");
        }
        return value;
    }
}
