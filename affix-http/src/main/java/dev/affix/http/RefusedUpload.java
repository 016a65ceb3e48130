package dev.affix.http;

import dev.affix.validation.AttachmentInvalidException;
import dev.affix.validation.Violation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to a direct upload that its declaration's rules refuse: 413 when it is too large
 * ({@code max_byte_size}), else 415 when its type is not allowed ({@code content_types}), else 422
 * (the other rules, {@code min_byte_size}); the body names every rule broken, with the values:
 * <pre>{@code
 * {"error": "attachment 'Post.cover' refused: max_byte_size: 'a.png' is 9000000 bytes, more than 5242880",
 *  "attachment": "Post.cover",
 *  "violations": [{"rule": "max_byte_size", "message": "'a.png' is 9000000 bytes, more than 5242880"}]}
 * }</pre>
 */
final class RefusedUpload {

    private RefusedUpload() {
    }

    static void answer(HttpServletResponse response, AttachmentInvalidException refusal) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", refusal.getMessage());
        body.put("attachment", refusal.attachment());
        body.put("violations", refusal.violations().stream().map(v -> Map.of("rule", v.rule(), "message", v.message())).toList());
        Responses.json(response, status(refusal.violations()), body);
    }

    private static int status(List<Violation> violations) {
        if (violations.stream().anyMatch(v -> v.rule().equals("max_byte_size"))) {
            return HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
        }
        if (violations.stream().anyMatch(v -> v.rule().equals("content_types"))) {
            return HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE;
        }
        return 422;
    }
}
