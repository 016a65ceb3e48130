package dev.affix.media;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stream, or the container, as ffprobe describes it in JSON: strings for most numbers, "N/A" or
 * nothing for what it does not know. Its readers give a value only when there is a sound one.
 */
record MediaStream(Map<String, Object> fields) {

    /** The most tags kept, and their longest key or value: a file's tags are its own words, not a store for them. */
    static final int MAX_TAGS = 64;
    static final int MAX_TAG_LENGTH = 1000;

    MediaStream {
        Map<String, Object> copy = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        fields = Map.copyOf(copy);
    }

    static MediaStream of(Map<?, ?> fields) {
        Map<String, Object> named = new LinkedHashMap<>();
        fields.forEach((key, value) -> named.put(String.valueOf(key), value));
        return new MediaStream(named);
    }

    String codecType() {
        return fields.get("codec_type") instanceof String type ? type : "";
    }

    /** A finite number, from a JSON number or a numeric string. */
    Optional<Double> decimal(String key) {
        return number(fields.get(key));
    }

    /** A whole number, from a JSON number or a numeric string; "90.0" counts, "90.5" does not. */
    Optional<Long> whole(String key) {
        return wholeNumber(fields.get(key));
    }

    /** An amount that cannot be negative, such as a duration. */
    Optional<Double> nonNegative(String key) {
        return decimal(key).filter(number -> number >= 0);
    }

    /** An amount that must be more than nothing, such as a width or a rate. */
    Optional<Double> positive(String key) {
        return decimal(key).filter(number -> number > 0);
    }

    /** ffprobe's way of writing a number: a JSON number, or a string that is not "N/A". */
    static Optional<Double> number(Object value) {
        if (!(value instanceof Number || value instanceof String)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.valueOf(value.toString().trim())).filter(Double::isFinite);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Long> wholeNumber(Object value) {
        return number(value).filter(number -> number == Math.rint(number) && Math.abs(number) < 1e15).map(Math::round);
    }

    /** The stream's tags, at most {@link #MAX_TAGS} of them, keys and values cut at {@link #MAX_TAG_LENGTH} characters. */
    Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        if (fields.get("tags") instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (tags.size() < MAX_TAGS && value != null) {
                    tags.put(cut(String.valueOf(key)), cut(String.valueOf(value)));
                }
            });
        }
        return tags;
    }

    /** The rotation of the stream's display matrix, in degrees as ffprobe gives it. */
    Optional<Long> displayMatrixRotation() {
        if (fields.get("side_data_list") instanceof List<?> sideData) {
            for (Object entry : sideData) {
                if (entry instanceof Map<?, ?> data && "Display Matrix".equals(data.get("side_data_type"))) {
                    return of(data).whole("rotation");
                }
            }
        }
        return Optional.empty();
    }

    private static String cut(String text) {
        return text.length() <= MAX_TAG_LENGTH ? text : text.substring(0, MAX_TAG_LENGTH);
    }
}
