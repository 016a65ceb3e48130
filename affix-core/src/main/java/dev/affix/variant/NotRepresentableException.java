package dev.affix.variant;

import dev.affix.AffixException;

/** The blob has no variants or previews: no processor reads its type and no previewer draws it. */
public final class NotRepresentableException extends AffixException {

    public NotRepresentableException(String message) {
        super(message);
    }
}
