package dev.affix.http;

import jakarta.servlet.http.HttpServletRequest;

/** The conditional request headers (RFC 9110 §13) that the streaming endpoints honour. */
final class Conditions {

    private Conditions() {
    }

    /** If-None-Match, or else If-Modified-Since, says the client's copy is current. */
    static boolean notModified(HttpServletRequest request, ServedObject object) {
        String noneMatch = request.getHeader("If-None-Match");
        if (noneMatch != null) {
            for (String candidate : noneMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*") || tag.equals(object.etag()) || tag.equals("W/" + object.etag())) {
                    return true;
                }
            }
            return false;
        }
        long since = date(request, "If-Modified-Since");
        return since >= 0 && object.lastModified() != null && object.lastModified().getEpochSecond() <= since / 1000;
    }

    /** Without If-Range, or when it still names this object, a Range applies; otherwise the whole object is sent. */
    static boolean rangeStillValid(HttpServletRequest request, ServedObject object) {
        String ifRange = request.getHeader("If-Range");
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return value.equals(object.etag());
        }
        long date = date(request, "If-Range");
        return date >= 0 && object.lastModified() != null && date / 1000 == object.lastModified().getEpochSecond();
    }

    private static long date(HttpServletRequest request, String header) {
        try {
            return request.getDateHeader(header);
        } catch (IllegalArgumentException unparseable) {
            return -1;
        }
    }
}
