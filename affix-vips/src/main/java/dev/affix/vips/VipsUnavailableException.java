package dev.affix.vips;

/** libvips cannot be used in this JVM: not installed, too old, or native access denied; the message says which and what to do. */
public final class VipsUnavailableException extends RuntimeException {

    VipsUnavailableException(String message) {
        super(message);
    }
}
