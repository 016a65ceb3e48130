package dev.affix.attachment;

import dev.affix.AffixException;

/** The application used an attachment it never declared, or used it as the wrong kind. */
public class UndeclaredAttachmentException extends AffixException {

    public UndeclaredAttachmentException(String message) {
        super(message);
    }
}
