package dev.affix;

/**
 * The root of every error Affix raises on purpose. Unchecked, so that callers handle the specific
 * subclasses they care about and let the rest propagate with a message that names the culprit.
 */
public class AffixException extends RuntimeException {

    public AffixException(String message) {
        super(message);
    }

    public AffixException(String message, Throwable cause) {
        super(message, cause);
    }
}
