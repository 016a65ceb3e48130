package dev.affix.json;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper Affix uses: immutable and thread-safe, so sharing it is safe. */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };
    /** Resolved once: resolving the type on every read showed in the serving path's profile. */
    private static final ObjectReader OBJECT_READER = MAPPER.readerFor(OBJECT);

    private Json() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Parses a JSON object; throws {@link IllegalArgumentException} for anything else. */
    public static Map<String, Object> readObject(String text) {
        try {
            Map<String, Object> value = OBJECT_READER.readValue(text);
            if (value == null) {
                throw new IllegalArgumentException("JSON text is null, not an object");
            }
            return value;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
