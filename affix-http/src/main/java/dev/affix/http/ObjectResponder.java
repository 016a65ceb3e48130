package dev.affix.http;

import dev.affix.storage.ByteRange;
import dev.affix.storage.ContentDisposition;
import dev.affix.storage.StorageException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Streams an object to the client, the same way for the proxy and the Disk endpoints: conditional
 * requests (304), one byte range (206 or 416), validators, cache headers, and the bytes copied
 * through one fixed buffer, so a response of any size takes the same memory.
 *
 * <p>Stored bytes that fail (unreadable, or shorter than recorded) raise {@link StorageException}:
 * before the headers are sent, the servlet answers a bare 500 instead; after, it aborts the connection,
 * so the client sees a broken download rather than a short one it would take as complete.
 */
final class ObjectResponder {

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final String TOMCAT_SENDFILE = "org.apache.tomcat.sendfile.";
    private static final String TOMCAT_SENDFILE_SUPPORT = TOMCAT_SENDFILE + "support";
    /** Below this, handing the file to Tomcat's poller costs more than writing it (Tomcat's own threshold). */
    private static final long SENDFILE_MIN_BYTES = 48 * 1024;
    private static final long YEAR_SECONDS = Duration.ofDays(365).toSeconds();

    private final long maxRangeBytes;
    private final Clock clock;

    ObjectResponder(long maxRangeBytes, Clock clock) {
        this.maxRangeBytes = maxRangeBytes;
        this.clock = clock;
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
            Responses.bare(response, HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            response.setHeader("Content-Range", "bytes */" + object.size());
            return;
        }
        ByteRange range = asked instanceof RangeRequest.Partial partial ? partial.range() : null;
        boolean head = "HEAD".equals(request.getMethod());
        long first = range == null ? 0 : range.first();
        long length = range == null ? object.size() : range.lengthWithin(object.size());
        Optional<Path> file = !head && length >= SENDFILE_MIN_BYTES && Boolean.TRUE.equals(request.getAttribute(TOMCAT_SENDFILE_SUPPORT))
                ? object.localFile().get() : Optional.empty();
        if (file.isPresent()) {
            requireHolds(file.get(), first + length);
        }
        // opened before any header is set, so that missing bytes still get a plain 404; HEAD answers
        // from what is recorded without asking the service, as a remote service would charge a GET
        try (InputStream in = head || file.isPresent() ? InputStream.nullInputStream() : object.source().open(range)) {
            writeValidators(response, object);
            response.setHeader("Accept-Ranges", "bytes");
            response.setContentType(object.contentType());
            response.setHeader("Content-Disposition", ContentDisposition.format(object.disposition(), object.filename()));
            if (range != null) {
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                response.setHeader("Content-Range", "bytes " + range.first() + "-" + range.lastWithin(object.size()) + "/" + object.size());
            } else {
                response.setStatus(HttpServletResponse.SC_OK);
            }
            response.setContentLengthLong(length);
            if (file.isPresent()) {
                // Tomcat sends the file from the kernel (sendfile) after the servlet returns, as nginx does
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

    /** Sendfile would fail only after the headers went out: a file shorter than recorded is found before. */
    private static void requireHolds(Path file, long end) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new StorageException("the stored file could not be read: " + e, e);
        }
        if (size < end) {
            throw new StorageException("the stored file holds " + size + " bytes, fewer than the " + end + " its record promises");
        }
    }

    private void writeValidators(HttpServletResponse response, ServedObject object) {
        response.setHeader("ETag", object.etag());
        if (object.lastModified() != null) {
            response.setDateHeader("Last-Modified", object.lastModified().toEpochMilli());
        }
        response.setHeader("Cache-Control", cacheControl(response, object));
    }

    /**
     * Immutable for a year, or until the URL expires; shared caches only for what anyone holding the URL
     * may have. A cacheable answer never carries a cookie: a shared cache would hand it to every later visitor.
     */
    private String cacheControl(HttpServletResponse response, ServedObject object) {
        if (response.containsHeader("Set-Cookie")) {
            response.setHeader("Set-Cookie", null); // Servlet 6: a null value removes the header
            if (response.containsHeader("Set-Cookie")) {
                return "no-store";
            }
        }
        long maxAge = object.validUntil().map(this::secondsUntil).orElse(YEAR_SECONDS);
        return (object.shared() ? "public" : "private") + ", max-age=" + maxAge + ", immutable";
    }

    private long secondsUntil(Instant expiry) {
        return Math.max(0, Math.min(YEAR_SECONDS, Duration.between(clock.instant(), expiry).toSeconds()));
    }

    /**
     * Copies exactly {@code length} bytes. Failures of the stored bytes (a read error, an end before the
     * recorded size) are {@link StorageException}s; failures to write are the client's, left as IOExceptions.
     */
    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        // sized to the object: a fresh 64 KiB array for a 10 KiB answer costs more than the answer
        byte[] buffer = new byte[(int) Math.max(1, Math.min(BUFFER_BYTES, length))];
        long remaining = length;
        while (remaining > 0) {
            int n;
            try {
                n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            } catch (IOException e) {
                throw new StorageException("reading the stored object failed " + (length - remaining) + " bytes in: " + e, e);
            }
            if (n < 0) {
                throw new StorageException("the stored object ended " + remaining + " bytes before its recorded size of " + length);
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }
}
