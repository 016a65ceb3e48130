package dev.affix.doctor;

import dev.affix.checksum.Checksum;
import java.util.LinkedHashMap;
import java.util.Map;

/** One repair the doctor made, as a line of its fix log says it: enough to take it back. */
sealed interface Fix permits Fix.Detach, Fix.Quarantine {

    /** Why an attachment was detached. */
    String DUPLICATE = "has_one_duplicate";
    String ORPHAN = "orphan";

    Map<String, Object> asJson();

    /** An attachment row deleted, its blob kept: a has-one slot's older attachment, or one whose record is gone. */
    record Detach(String reason, AttachmentRow attachment) implements Fix {
        @Override
        public Map<String, Object> asJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("fix", "detach");
            json.put("reason", reason);
            json.put("attachment", attachment.asJson());
            return json;
        }
    }

    /** An object no blob referenced, copied (verified) under the quarantine prefix and then deleted from its key. */
    record Quarantine(String serviceName, String key, String quarantineKey, long byteSize, Checksum checksum) implements Fix {
        @Override
        public Map<String, Object> asJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("fix", "quarantine");
            json.put("service", serviceName);
            json.put("key", key);
            json.put("quarantine_key", quarantineKey);
            json.put("byte_size", byteSize);
            json.put("checksum", checksum.toString());
            return json;
        }
    }

    static Fix fromJson(Map<String, Object> json) {
        Object kind = json.get("fix");
        if ("detach".equals(kind) && json.get("attachment") instanceof Map<?, ?> attachment && json.get("reason") instanceof String reason) {
            return new Detach(reason, AttachmentRow.fromJson(attachment));
        }
        if ("quarantine".equals(kind) && json.get("service") instanceof String service && json.get("key") instanceof String key
                && json.get("quarantine_key") instanceof String quarantineKey && json.get("byte_size") instanceof Number size
                && json.get("checksum") instanceof String checksum) {
            return new Quarantine(service, key, quarantineKey, size.longValue(), Checksum.parse(checksum));
        }
        throw new IllegalArgumentException("not a fix the doctor writes: " + json);
    }
}
