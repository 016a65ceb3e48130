package dev.affix.rails;

import dev.affix.json.Json;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * The JSON of Rails' message envelopes, read strictly into plain data: integers (as Long), strings,
 * booleans, null, arrays and objects; duplicate keys, fractions, invalid UTF-8 and trailing text are
 * refused. Also the ISO 8601 times Rails writes for expiry.
 */
final class StrictJson {

    /** JSON's null while a value is read, so that an empty result means "refused". */
    private static final Object NULL = new Object();
    private static final ObjectReader READER = Json.mapper().reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    /** {@code Time#iso8601(3)} of a UTC time, as Rails writes an expiry. */
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private StrictJson() {
    }

    /** The JSON object in the bytes, with exactly the keys {@code required} and any of {@code optional}. */
    static Optional<Map<String, Object>> object(byte[] utf8, Set<String> required, Set<String> optional) {
        return text(utf8).flatMap(StrictJson::parse).flatMap(value -> object(value, required, optional));
    }

    /** The value as an object with exactly the keys {@code required} and any of {@code optional}. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> object(Object value, Set<String> required, Set<String> optional) {
        if (!(value instanceof Map<?, ?> map) || !map.keySet().containsAll(required)) {
            return Optional.empty();
        }
        for (Object key : map.keySet()) {
            if (!required.contains(key) && !optional.contains(key)) {
                return Optional.empty();
            }
        }
        return Optional.of((Map<String, Object>) map);
    }

    static byte[] write(Object value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8);
    }

    /** An expiry as Rails writes it, rounded up to the millisecond so that it never comes earlier than asked. */
    static String expiry(Instant at) {
        Instant rounded = at.getNano() % 1_000_000 == 0 ? at : at.plusMillis(1);
        return EXPIRY.format(rounded);
    }

    /** The time of an expiry Rails wrote (an ISO 8601 time with an offset); empty if it is no such time. */
    static Optional<Instant> parseExpiry(Object value) {
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(byte[] utf8) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static Optional<Object> parse(String text) {
        try {
            return plain(READER.readTree(text));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static Optional<Object> plain(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isNull()) {
            return Optional.of(NULL);
        }
        if (node.isTextual()) {
            return Optional.of(node.asString());
        }
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue());
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? Optional.of(node.longValue()) : Optional.empty();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode element : node) {
                Optional<Object> value = plain(element);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                list.add(orNull(value.get()));
            }
            return Optional.of(list);
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                Optional<Object> value = plain(entry.getValue());
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                map.put(entry.getKey(), orNull(value.get()));
            }
            return Optional.of(map);
        }
        return Optional.empty();
    }

    private static Object orNull(Object value) {
        return value == NULL ? null : value;
    }
}
