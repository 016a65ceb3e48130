package dev.affix.attachment;

import java.util.Objects;

/**
 * A record of the application, as Affix names it: a stable type alias (not a class name, so renaming
 * a class orphans nothing) and an id, numeric or not (UUIDs), kept as text.
 */
public record RecordRef(String type, String id) {

    public RecordRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (type.isBlank() || id.isBlank()) {
            throw new IllegalArgumentException("a record needs a type and an id, got '" + type + ":" + id + "'");
        }
    }

    public static RecordRef of(String type, Object id) {
        return new RecordRef(type, String.valueOf(id));
    }

    /** Reads {@code TYPE:ID}, as the command line writes it. */
    public static RecordRef parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("record '" + text + "' is not of the form TYPE:ID");
        }
        return new RecordRef(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return type + ":" + id;
    }
}
