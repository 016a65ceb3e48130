package dev.affix.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The tus {@code Upload-Metadata} header: comma-separated pairs of a key (no spaces or commas, not
 * empty, unique) and a base64 value, which may be empty and then left out with its space. Values are
 * read as UTF-8 text and must be valid; control characters are refused, so that nothing read here can
 * split a header when it is written back.
 */
final class TusUploadMetadata {

    static final String HEADER = "Upload-Metadata";
    private static final int MAX_PAIRS = 64;

    private TusUploadMetadata() {
    }

    /**
     * The pairs, in order; empty for a missing header.
     *
     * @throws UploadDeclarationException naming what is wrong with the header
     */
    static Map<String, String> parse(String header) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return pairs;
        }
        for (String pair : header.split(",", -1)) {
            String trimmed = pair.strip();
            int space = trimmed.indexOf(' ');
            String key = space < 0 ? trimmed : trimmed.substring(0, space);
            String value = space < 0 ? "" : trimmed.substring(space + 1).strip();
            if (key.isEmpty() || value.contains(" ")) {
                throw new UploadDeclarationException(HEADER + " must be comma-separated pairs of a key and a base64 value");
            }
            if (pairs.put(key, decode(key, value)) != null) {
                throw new UploadDeclarationException(HEADER + " names the key '" + key + "' twice");
            }
            if (pairs.size() > MAX_PAIRS) {
                throw new UploadDeclarationException(HEADER + " has more than " + MAX_PAIRS + " pairs");
            }
        }
        return pairs;
    }

    /** The header for these pairs. */
    static String format(Map<String, String> pairs) {
        StringJoiner header = new StringJoiner(",");
        pairs.forEach((key, value) -> header.add(value.isEmpty() ? key
                : key + " " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return header.toString();
    }

    private static String decode(String key, String base64) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new UploadDeclarationException(HEADER + " key '" + key + "' must be printable ASCII");
            }
        }
        String value;
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            value = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new UploadDeclarationException(HEADER + " value of '" + key + "' is not base64 of UTF-8 text");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new UploadDeclarationException(HEADER + " value of '" + key + "' holds control characters");
        }
        return value;
    }
}
