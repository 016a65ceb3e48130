package dev.affix.image;

import java.io.IOException;

/** Reading an image took longer than {@code analysis.image_timeout}; the read was aborted and abandoned. */
public class ImageTimeoutException extends IOException {

    public ImageTimeoutException(String message) {
        super(message);
    }
}
