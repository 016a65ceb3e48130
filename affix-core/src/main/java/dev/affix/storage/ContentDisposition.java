package dev.affix.storage;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Content-Disposition header values as RFC 6266 describes them: a quoted ASCII {@code filename} for
 * old clients beside an RFC 5987 {@code filename*} with the exact UTF-8 name. Control characters,
 * quotes and backslashes never reach the header, so a filename cannot inject or split headers. One
 * formatter for every service and endpoint, so a file is named the same wherever it is served from.
 */
public final class ContentDisposition {

    private static final String HEX = "0123456789ABCDEF";

    private ContentDisposition() {
    }

    /** {@code inline} or {@code attachment}, with the filename parameters when a filename is known. */
    public static String format(Disposition disposition, String filename) {
        if (filename == null || filename.isBlank()) {
            return disposition.headerValue();
        }
        String clean = withoutHiddenCharacters(filename);
        return disposition.headerValue() + "; filename=\"" + asciiFallback(clean) + "\"; filename*=UTF-8''" + extendedValue(clean);
    }

    /**
     * The header to store beside an object, when its metadata names a filename or a disposition
     * (inline unless told otherwise); empty when it names neither. An object of a type that browsers
     * run (HTML, SVG, scripts) is always stored as an attachment, so that no URL the service makes
     * itself, without Affix's serving rules, shows it in place.
     */
    public static Optional<String> forMetadata(ObjectMetadata metadata) {
        boolean active = metadata.contentTypeIfKnown().flatMap(ContentTypes::essence).map(ContentTypes::isActive).orElse(false);
        if (active) {
            return Optional.of(format(Disposition.ATTACHMENT, metadata.filename()));
        }
        if (metadata.filenameIfKnown().isEmpty() && metadata.dispositionIfKnown().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(format(metadata.dispositionIfKnown().orElse(Disposition.INLINE), metadata.filename()));
    }

    /**
     * Whether a character must never reach a header or a page inside a filename: control characters,
     * line and paragraph separators, and the invisible format characters (bidirectional overrides and
     * isolates, zero-width spaces and joiners, the byte-order mark) with which "evil", U+202E, "fdp.exe"
     * shows as "evilexe.pdf"; also lone surrogates and noncharacters, which no honest name holds.
     */
    public static boolean isHidden(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isISOControl(codePoint) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || type == Character.UNASSIGNED
                || (codePoint & 0xfffe) == 0xfffe;
    }

    private static String withoutHiddenCharacters(String filename) {
        StringBuilder out = new StringBuilder(filename.length());
        filename.codePoints().forEach(c -> {
            if (isHidden(c)) {
                out.append('-');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** The name with everything that is unsafe inside a quoted string, or not ASCII, replaced by an underscore. */
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
