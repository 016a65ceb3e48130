package dev.affix.gcs;

import dev.affix.storage.Disposition;
import java.nio.charset.StandardCharsets;

/**
 * Content-Disposition header values as RFC 6266 describes them: an ASCII {@code filename} for old
 * clients beside an RFC 5987 {@code filename*} that carries the exact UTF-8 name.
 */
final class ContentDisposition {

    private static final String HEX = "0123456789ABCDEF";

    private ContentDisposition() {
    }

    /** {@code inline} or {@code attachment}, with the filename parameters when a filename is known. */
    static String of(Disposition disposition, String filename) {
        if (filename == null || filename.isEmpty()) {
            return disposition.headerValue();
        }
        return disposition.headerValue() + "; filename=\"" + asciiFallback(filename) + "\"; filename*=UTF-8''"
                + extendedValue(filename);
    }

    /** The name with everything that is not safe inside a quoted string replaced by an underscore. */
    private static String asciiFallback(String filename) {
        StringBuilder out = new StringBuilder(filename.length());
        filename.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? (char) c : '_'));
        return out.toString();
    }

    /** RFC 5987 ext-value: UTF-8 bytes, percent-encoded except for attr-char. */
    private static String extendedValue(String filename) {
        StringBuilder out = new StringBuilder();
        for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isAttrChar(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return out.toString();
    }

    private static boolean isAttrChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }
}
