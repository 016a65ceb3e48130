package dev.affix.variant;

import dev.affix.AffixException;

/**
 * A transformation outside the vocabulary, or with an argument of the wrong type or size: refused when
 * a variant is declared or asked for, before any decoder sees a byte.
 */
public final class InvalidTransformationException extends AffixException {

    private final String transformation;

    public InvalidTransformationException(String transformation, String problem) {
        super("transformation '" + transformation + "': " + problem);
        this.transformation = transformation;
    }

    /** The name of the refused transformation, e.g. {@code resize_to_fill}. */
    public String transformation() {
        return transformation;
    }
}
