package dev.affix.blob;

import dev.affix.storage.ContentDisposition;
import java.nio.charset.StandardCharsets;

/**
 * Makes a client's filename safe to store and serve: no folders, no control or invisible characters
 * (a bidirectional override, U+202E, would let an .exe pass for a .pdf), none of the
 * characters that Windows or shells treat specially, at most 255 bytes with the extension kept.
 */
public final class Filenames {

    private static final int MAX_BYTES = 255;
    private static final String FALLBACK = "file";

    private Filenames() {
    }

    public static String sanitize(String original) {
        if (original == null) {
            return FALLBACK;
        }
        String name = original;
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (cut >= 0) {
            name = name.substring(cut + 1);
        }
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (ContentDisposition.isHidden(c) || "\"<>|:*?".indexOf(c) >= 0) {
                clean.append('-');
            } else {
                clean.appendCodePoint(c);
            }
        });
        String result = clean.toString().strip();
        while (result.startsWith(".")) {
            result = result.substring(1);
        }
        result = result.strip();
        if (result.isEmpty()) {
            return FALLBACK;
        }
        return truncate(result);
    }

    private static String truncate(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String base = name.substring(0, name.length() - extension.length());
        int budget = MAX_BYTES - extension.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < base.length(); ) {
            int c = base.codePointAt(i);
            int size = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > budget) {
                break;
            }
            kept.appendCodePoint(c);
            used += size;
            i += Character.charCount(c);
        }
        return kept + extension;
    }
}
