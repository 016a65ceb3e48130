package dev.affix.storage;

import java.net.URI;
import java.util.Map;

/** Where and how a browser sends the bytes of a direct upload: a PUT to {@code url} with exactly these headers. */
public record DirectUploadTarget(URI url, Map<String, String> headers) {

    public DirectUploadTarget {
        headers = Map.copyOf(headers);
    }
}
