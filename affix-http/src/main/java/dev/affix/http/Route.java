package dev.affix.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A method and a path pattern below the prefix: literal segments, {@code {name}} for one non-empty
 * segment, and a final {@code *} for the non-empty rest (a filename, which may hold slashes). A pattern
 * ending with a slash is literal and matches only itself (a tus client's creation URL). A GET route
 * answers HEAD too.
 */
record Route(String method, String pattern, Endpoint endpoint) {

    /** The variable segments of {@code path} (below the prefix, without its leading slash), if it matches. */
    Optional<List<String>> match(String requestMethod, String path) {
        if (!requestMethod.equals(method) && !(method.equals("GET") && requestMethod.equals("HEAD"))) {
            return Optional.empty();
        }
        if (pattern.endsWith("/")) {
            return path.equals(pattern) ? Optional.of(List.of()) : Optional.empty();
        }
        String[] expected = pattern.split("/");
        String[] actual = path.split("/", expected.length);
        if (actual.length != expected.length) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            String segment = actual[i];
            if (expected[i].equals("*")) {
                if (segment.isEmpty()) {
                    return Optional.empty();
                }
                values.add(segment);
            } else if (expected[i].startsWith("{")) {
                if (segment.isEmpty() || segment.contains("/")) {
                    return Optional.empty();
                }
                values.add(segment);
            } else if (!expected[i].equals(segment)) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }
}
