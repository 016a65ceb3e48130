package dev.affix.cli;

import dev.affix.attachment.Attachment;
import dev.affix.blob.Blob;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shape of blobs and attachments on the command line, the same as the direct-upload protocol's. */
final class BlobJson {

    private BlobJson() {
    }

    static Map<String, Object> of(Blob blob) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", blob.id());
        json.put("key", blob.key());
        json.put("filename", blob.filename());
        json.put("content_type", blob.contentType());
        json.put("metadata", blob.metadata());
        json.put("service_name", blob.serviceName());
        json.put("byte_size", blob.byteSize());
        json.put("checksum", blob.checksum() == null ? null : blob.checksum().toString());
        json.put("created_at", blob.createdAt().toString());
        return json;
    }

    static Map<String, Object> of(Attachment attachment, String signedId) {
        Map<String, Object> json = of(attachment.blob());
        json.put("signed_id", signedId);
        json.put("attachment", Map.of("id", attachment.id(), "record", attachment.record().toString(), "name", attachment.name(),
                "created_at", attachment.createdAt().toString()));
        return json;
    }
}
