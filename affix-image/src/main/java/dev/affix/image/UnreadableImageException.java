package dev.affix.image;

import java.io.IOException;

/** A file that the reader allowed for its content type cannot read: wrong format, truncated header, no pixels. */
public class UnreadableImageException extends IOException {

    public UnreadableImageException(String message) {
        super(message);
    }

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
