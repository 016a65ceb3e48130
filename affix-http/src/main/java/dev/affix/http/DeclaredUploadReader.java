package dev.affix.http;

import dev.affix.blob.BlobMetadata;
import dev.affix.checksum.Checksum;
import dev.affix.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * Reads the body of {@code POST {prefix}/direct_uploads}:
 * {@code {"blob":{"filename":…,"content_type":…,"byte_size":…,"checksum":…,"metadata":{…}}}}.
 * Strict about what it needs (types, ranges, a well-formed checksum and media type; no duplicate
 * keys), tolerant of fields it does not know, as later clients may send more.
 */
final class DeclaredUploadReader {

    private static final ObjectReader JSON = Json.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private DeclaredUploadReader() {
    }

    static DeclaredUpload read(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new UploadDeclarationException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || root.get("blob") == null || !root.get("blob").isObject()) {
            throw new UploadDeclarationException("the body must be a JSON object with a \"blob\" object");
        }
        JsonNode blob = root.get("blob");
        String filename = string(blob, "filename");
        if (filename.isBlank()) {
            throw new UploadDeclarationException("blob.filename is blank");
        }
        return new DeclaredUpload(filename, contentType(string(blob, "content_type")), byteSize(blob), checksum(string(blob, "checksum")),
                metadata(blob.get("metadata")));
    }

    private static String string(JsonNode blob, String field) {
        JsonNode value = blob.get(field);
        if (value == null || value.isNull()) {
            throw new UploadDeclarationException("blob." + field + " is missing");
        }
        if (!value.isString()) {
            throw new UploadDeclarationException("blob." + field + " must be a string");
        }
        return value.stringValue();
    }

    /** Browsers send an empty type for files they do not recognise. */
    private static String contentType(String declared) {
        if (declared.isEmpty()) {
            return MediaType.BINARY;
        }
        return MediaType.parse(declared).map(MediaType::text)
                .orElseThrow(() -> new UploadDeclarationException("blob.content_type is not a media type (type/subtype)"));
    }

    private static long byteSize(JsonNode blob) {
        JsonNode value = blob.get("byte_size");
        if (value == null || value.isNull()) {
            throw new UploadDeclarationException("blob.byte_size is missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new UploadDeclarationException("blob.byte_size must be a whole number of bytes, 0 or more");
        }
        return value.longValue();
    }

    private static Checksum checksum(String text) {
        try {
            return Checksum.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UploadDeclarationException("blob.checksum must be the base64 MD5 digest of the file, or sha256: and its base64 SHA-256 digest");
        }
    }

    /** String, number and boolean values, as text; the keys Affix owns are dropped. */
    private static Map<String, String> metadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return Map.of();
        }
        if (!metadata.isObject()) {
            throw new UploadDeclarationException("blob.metadata must be a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isString() && !value.isNumber() && !value.isBoolean()) {
                throw new UploadDeclarationException("blob.metadata." + entry.getKey() + " must be a string, a number or a boolean");
            }
            values.put(entry.getKey(), value.asString());
        }
        return BlobMetadata.withoutReserved(values);
    }
}
