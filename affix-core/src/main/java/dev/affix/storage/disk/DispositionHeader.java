package dev.affix.storage.disk;

import dev.affix.storage.Disposition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads back a Content-Disposition value of the form Rails writes into its Disk tokens,
 * {@code inline; filename="ASCII"; filename*=UTF-8''PERCENT-ENCODED} (both filenames percent-escaped,
 * so neither holds a {@code ;} or a quote): the type, and the filename, from {@code filename*} where
 * it is given. Anything else is refused.
 */
final class DispositionHeader {

    /** A parsed value: the type and the filename, which may be absent. */
    record Parsed(Disposition disposition, String filename) {
    }

    private DispositionHeader() {
    }

    static Optional<Parsed> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.split(";\\s*", -1);
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("inline") && !type.equals("attachment")) {
            return Optional.empty();
        }
        String plain = null;
        String extended = null;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("filename*=UTF-8''")) {
                extended = percentDecoded(part.substring("filename*=UTF-8''".length())).orElse(null);
                if (extended == null) {
                    return Optional.empty();
                }
            } else if (part.startsWith("filename=\"") && part.endsWith("\"") && part.length() >= 11) {
                plain = percentDecoded(part.substring(10, part.length() - 1)).orElse(null);
                if (plain == null) {
                    return Optional.empty();
                }
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new Parsed(Disposition.parse(type), extended != null ? extended : plain));
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
