package dev.affix.media;

import dev.affix.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What ffprobe told about a file: its streams in order, and its container. */
record MediaProbe(List<MediaStream> streams, MediaStream container) {

    MediaProbe {
        streams = List.copyOf(streams);
    }

    /**
     * Reads ffprobe's JSON output.
     *
     * @throws IllegalArgumentException if it is not a JSON object
     */
    static MediaProbe parse(byte[] json) {
        Map<String, Object> output = Json.readObject(new String(json, StandardCharsets.UTF_8));
        List<MediaStream> streams = new ArrayList<>();
        if (output.get("streams") instanceof List<?> list) {
            for (Object stream : list) {
                if (stream instanceof Map<?, ?> fields) {
                    streams.add(MediaStream.of(fields));
                }
            }
        }
        MediaStream container = output.get("format") instanceof Map<?, ?> format ? MediaStream.of(format) : MediaStream.of(Map.of());
        return new MediaProbe(streams, container);
    }

    /** The first stream of a type ({@code video}, {@code audio}), as Rails picks it. */
    Optional<MediaStream> first(String codecType) {
        return streams.stream().filter(stream -> stream.codecType().equals(codecType)).findFirst();
    }
}
