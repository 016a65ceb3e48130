package dev.affix.variant;

import dev.affix.AffixException;

/**
 * A variant or preview could not be made from this file: it is refused (a limit, a format not
 * allowed), unreadable (truncated, corrupt), or its processing failed or took too long. The original
 * is untouched and nothing is stored; a request answers a clean error, and a later one tries again.
 */
public final class TransformationFailedException extends AffixException {

    public TransformationFailedException(String message) {
        super(message);
    }

    public TransformationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
