package dev.affix.http;

import dev.affix.checksum.Checksum;
import java.util.Map;

/**
 * What a browser declared in {@code POST {prefix}/direct_uploads}, validated: the filename as sent
 * (Affix sanitises it when it records the blob), the content type ({@code application/octet-stream}
 * when the browser knew none), the size, the checksum, and the metadata without the keys Affix owns.
 */
public record DeclaredUpload(String filename, String contentType, long byteSize, Checksum checksum, Map<String, String> metadata) {

    public DeclaredUpload {
        metadata = Map.copyOf(metadata);
    }
}
