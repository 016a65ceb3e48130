package dev.affix.validation;

import dev.affix.AffixException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An attach that breaks its declaration's rules. It lists every rule broken, with the values; nothing
 * of the attach was kept (no object, no blob row, no attachment).
 */
public final class AttachmentInvalidException extends AffixException {

    private final String attachment;
    private final List<Violation> violations;

    public AttachmentInvalidException(String attachment, List<Violation> violations) {
        super("attachment '" + attachment + "' refused: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.attachment = attachment;
        this.violations = List.copyOf(violations);
    }

    /** The declaration, {@code Type.name}. */
    public String attachment() {
        return attachment;
    }

    public List<Violation> violations() {
        return violations;
    }
}
