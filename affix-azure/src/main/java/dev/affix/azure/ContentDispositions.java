package dev.affix.azure;

import dev.affix.storage.Disposition;
import java.nio.charset.StandardCharsets;

/**
 * Content-Disposition values as RFC 6266 writes them: the disposition type, a plain {@code filename}
 * that old browsers read (non-ASCII and quoting characters replaced by {@code _}), and an RFC 5987
 * {@code filename*} that carries the real name in UTF-8.
 */
final class ContentDispositions {

    private static final String ASCII_FALLBACK_CHARS = " !#$&'()+,-.;=@[]^_`{}~";
    private static final String ATTR_CHARS = "!#$&+-.^_`|~";

    private ContentDispositions() {
    }

    /** {@code inline}, {@code attachment}, or either with the filename in both forms. */
    static String of(Disposition disposition, String filename) {
        String type = (disposition == null ? Disposition.INLINE : disposition).headerValue();
        String name = filename == null ? "" : withoutControlCharacters(filename);
        if (name.isBlank()) {
            return type;
        }
        return type + "; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + percentEncoded(name);
    }

    private static String withoutControlCharacters(String filename) {
        StringBuilder out = new StringBuilder(filename.length());
        filename.codePoints().filter(c -> !Character.isISOControl(c)).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static String asciiFallback(String filename) {
        StringBuilder out = new StringBuilder(filename.length());
        filename.codePoints().forEach(c -> out.append(isAsciiAlphanumeric(c) || ASCII_FALLBACK_CHARS.indexOf(c) >= 0 ? (char) c : '_'));
        return out.toString();
    }

    private static String percentEncoded(String filename) {
        StringBuilder out = new StringBuilder();
        for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isAsciiAlphanumeric(c) || ATTR_CHARS.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isAsciiAlphanumeric(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
