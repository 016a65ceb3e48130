package dev.affix.http;

import dev.affix.blob.Blob;
import java.util.LinkedHashMap;
import java.util.Map;

/** A blob as the direct-upload protocol answers it, with the field names of Rails Active Storage. */
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
        json.put("checksum", blob.checksum().toString());
        json.put("created_at", blob.createdAt().toString());
        return json;
    }
}
