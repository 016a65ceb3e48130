package dev.affix.storage.disk;

import dev.affix.storage.Disposition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads back a Content-Disposition value of the form Rails (and {@link dev.affix.storage.ContentDisposition})
 * writes into Disk tokens, {@code TYPE; filename="FALLBACK"; filename*=UTF-8''PERCENT-ENCODED}: the type,
 * and the filename from {@code filename*}, which always comes last and holds no {@code ;} or quote. The
 * quoted fallback is only read when it stands alone (percent-escaped, as Rails writes it). Anything
 * else is refused.
 */
final class DispositionHeader {

    private static final String EXTENDED = "filename*=UTF-8''";
    private static final String PLAIN = "filename=\"";

    /** A parsed value: the type and the filename, which may be absent. */
    record Parsed(Disposition disposition, String filename) {
    }

    private DispositionHeader() {
    }

    static Optional<Parsed> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (!type.equals("inline") && !type.equals("attachment")) {
            return Optional.empty();
        }
        if (semicolon < 0) {
            return Optional.of(new Parsed(Disposition.parse(type), null));
        }
        String parameters = header.substring(semicolon + 1).strip();
        int extended = parameters.startsWith(EXTENDED) ? 0 : parameters.lastIndexOf("; " + EXTENDED);
        if (extended >= 0) {
            String fallback = parameters.substring(0, extended);
            if (!fallback.isEmpty() && !isQuotedPlain(fallback)) {
                return Optional.empty();
            }
            String value = parameters.substring(extended == 0 ? EXTENDED.length() : extended + 2 + EXTENDED.length());
            return percentDecoded(value).map(filename -> new Parsed(Disposition.parse(type), filename));
        }
        if (!isQuotedPlain(parameters)) {
            return Optional.empty();
        }
        return percentDecoded(parameters.substring(PLAIN.length(), parameters.length() - 1))
                .map(filename -> new Parsed(Disposition.parse(type), filename));
    }

    private static boolean isQuotedPlain(String parameter) {
        return parameter.startsWith(PLAIN) && parameter.endsWith("\"") && parameter.length() > PLAIN.length()
                && parameter.indexOf('"', PLAIN.length()) == parameter.length() - 1;
    }

    private static Optional<String> percentDecoded(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return Optional.empty();
                }
                try {
                    bytes.write(Integer.parseInt(text, i + 1, i + 3, 16));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                i += 2;
            } else if (c < 128) {
                bytes.write(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }
}
