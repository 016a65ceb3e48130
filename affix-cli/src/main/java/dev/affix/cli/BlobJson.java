package dev.affix.cli;

import dev.affix.attachment.Attachment;
import dev.affix.blob.Blob;
import java.util.LinkedHashMap;
import java.util.Map;

/** A blob on the command line: its JSON and signed id, and for an attachment where it is attached. */
final class BlobJson {

    private BlobJson() {
    }

    static Map<String, Object> of(Attachment attachment, String signedId) {
        Map<String, Object> json = of(attachment.blob(), signedId);
        // keys in a fixed order, so that output can be compared and read line by line
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("id", attachment.id());
        where.put("record", attachment.record().toString());
        where.put("name", attachment.name());
        where.put("created_at", attachment.createdAt().toString());
        json.put("attachment", where);
        return json;
    }

    /** A blob that is not attached to a record of the application (a variant's image), with its signed id. */
    static Map<String, Object> of(Blob blob, String signedId) {
        Map<String, Object> json = blob.asJson();
        json.put("signed_id", signedId);
        return json;
    }
}
