package dev.affix.storage;

import java.util.Locale;

/** How a browser should treat a served file: show it in place, or save it. */
public enum Disposition {
    INLINE,
    ATTACHMENT;

    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Disposition parse(String text) {
        for (Disposition d : values()) {
            if (d.headerValue().equalsIgnoreCase(text.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("disposition '" + text + "' is neither inline nor attachment");
    }
}
