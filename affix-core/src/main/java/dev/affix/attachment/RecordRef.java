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

    /**
     * Reads {@code TYPE:ID}, as the command line writes it. The first single colon separates them, so
     * a Ruby namespace in the type ({@code Admin::User:42}, as a Rails application sharing the tables
     * names its records) and a colon in the id ({@code Note:2026:07}) both survive.
     */
    public static RecordRef parse(String text) {
        int colon = separator(text);
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("record '" + text + "' is not of the form TYPE:ID");
        }
        return new RecordRef(text.substring(0, colon), text.substring(colon + 1));
    }

    private static int separator(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ':') {
                if (i + 1 < text.length() && text.charAt(i + 1) == ':') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return type + ":" + id;
    }
}
