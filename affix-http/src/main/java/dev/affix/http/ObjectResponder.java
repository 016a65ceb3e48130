package dev.affix.http;

import dev.affix.storage.ByteRange;
import dev.affix.storage.ContentDisposition;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Streams an object to the client, the same way for the proxy and the Disk endpoints: conditional
 * requests (304), one byte range (206 or 416), validators, cache headers, and the bytes copied
 * through one fixed buffer, so a response of any size takes the same memory.
 */
final class ObjectResponder {

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final String TOMCAT_SENDFILE = "org.apache.tomcat.sendfile.";
    private static final String TOMCAT_SENDFILE_SUPPORT = TOMCAT_SENDFILE + "support";
    /** Below this, handing the file to Tomcat's poller costs more than writing it (Tomcat's own threshold). */
    private static final long SENDFILE_MIN_BYTES = 48 * 1024;
    private static final String SHARED_CACHE = "public, max-age=31536000, immutable";
    private static final String BROWSER_CACHE = "private, max-age=31536000, immutable";

    private final long maxRangeBytes;

    ObjectResponder(long maxRangeBytes) {
        this.maxRangeBytes = maxRangeBytes;
    }

    void respond(HttpServletRequest request, HttpServletResponse response, ServedObject object) throws IOException {
        if (Conditions.notModified(request, object)) {
            writeValidators(response, object);
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            // committed now, so that nothing a filter adds afterwards (a cookie) reaches a cacheable answer
            response.flushBuffer();
            return;
        }
        RangeRequest asked = Conditions.rangeStillValid(request, object)
                ? RangeRequest.parse(request.getHeader("Range"), object.size(), maxRangeBytes)
                : new RangeRequest.Whole();
        if (asked instanceof RangeRequest.Unsatisfiable) {
            response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            response.setHeader("Content-Range", "bytes */" + object.size());
            response.setContentLength(0);
            return;
        }
        ByteRange range = asked instanceof RangeRequest.Partial partial ? partial.range() : null;
        boolean head = "HEAD".equals(request.getMethod());
        // opened before any header is set, so that missing bytes still get a plain 404; HEAD answers
        // from what is recorded without asking the service, as a remote service would charge a GET
        try (InputStream in = head ? InputStream.nullInputStream() : object.source().open(range)) {
            writeValidators(response, object);
            response.setHeader("Accept-Ranges", "bytes");
            response.setContentType(object.contentType());
            response.setHeader("Content-Disposition", ContentDisposition.format(object.disposition(), object.filename()));
            long length = object.size();
            if (range != null) {
                length = range.lengthWithin(object.size());
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                response.setHeader("Content-Range", "bytes " + range.first() + "-" + range.lastWithin(object.size()) + "/" + object.size());
            } else {
                response.setStatus(HttpServletResponse.SC_OK);
            }
            response.setContentLengthLong(length);
            Optional<Path> file = !head && length >= SENDFILE_MIN_BYTES && Boolean.TRUE.equals(request.getAttribute(TOMCAT_SENDFILE_SUPPORT))
                    ? object.localFile().get() : Optional.empty();
            if (file.isPresent()) {
                // Tomcat sends the file from the kernel (sendfile) after the servlet returns, as nginx does
                long first = range == null ? 0 : range.first();
                request.setAttribute(TOMCAT_SENDFILE + "filename", file.get().toString());
                request.setAttribute(TOMCAT_SENDFILE + "start", first);
                request.setAttribute(TOMCAT_SENDFILE + "end", first + length);
                response.flushBuffer();
                return;
            }
            if (!head) {
                copy(in, response.getOutputStream(), length);
            }
            response.flushBuffer();
        }
    }

    private static void writeValidators(HttpServletResponse response, ServedObject object) {
        response.setHeader("ETag", object.etag());
        if (object.lastModified() != null) {
            response.setDateHeader("Last-Modified", object.lastModified().toEpochMilli());
        }
        response.setHeader("Cache-Control", cacheControl(response, object.shared()));
    }

    /** A cacheable answer never carries a cookie: a shared cache would hand it to every later visitor. */
    private static String cacheControl(HttpServletResponse response, boolean shared) {
        if (response.containsHeader("Set-Cookie")) {
            response.setHeader("Set-Cookie", null); // Servlet 6: a null value removes the header
            if (response.containsHeader("Set-Cookie")) {
                return "no-store";
            }
        }
        return shared ? SHARED_CACHE : BROWSER_CACHE;
    }

    /** Copies exactly {@code length} bytes; an object shorter than its recorded size fails the response rather than end it early. */
    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException("the stored object ended " + remaining + " bytes before its recorded size of " + length);
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }
}
