package dev.affix.cli;

import dev.affix.attachment.Attachment;
import java.util.Map;

/** An attachment on the command line: its blob's JSON, the signed id, and where it is attached. */
final class BlobJson {

    private BlobJson() {
    }

    static Map<String, Object> of(Attachment attachment, String signedId) {
        Map<String, Object> json = attachment.blob().asJson();
        json.put("signed_id", signedId);
        json.put("attachment", Map.of("id", attachment.id(), "record", attachment.record().toString(), "name", attachment.name(),
                "created_at", attachment.createdAt().toString()));
        return json;
    }
}
