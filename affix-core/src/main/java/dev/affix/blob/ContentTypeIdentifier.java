package dev.affix.blob;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.tika.Tika;

/**
 * Tells a file's type from its first bytes (and its name, as a hint) with Apache Tika, so that a
 * client cannot make an HTML page pass for an image by declaring it one. When the bytes say nothing
 * specific, the declared type is used, else {@code application/octet-stream}.
 */
public final class ContentTypeIdentifier {

    public static final String UNKNOWN = "application/octet-stream";
    /** How much of the head of a file identification looks at. */
    public static final int HEAD_BYTES = 64 * 1024;

    private final Tika tika = new Tika();

    /** A stream positioned at its start again, and the type its first bytes show. */
    public record Identified(InputStream stream, String contentType) {
    }

    /** Reads the head of the stream to identify it; the returned stream still yields every byte. */
    public Identified identify(InputStream in, String filename, String declared) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, HEAD_BYTES);
        buffered.mark(HEAD_BYTES);
        byte[] head = buffered.readNBytes(HEAD_BYTES);
        buffered.reset();
        return new Identified(buffered, identify(head, filename, declared));
    }

    /** The type of a file whose first bytes are {@code head}. */
    public String identify(byte[] head, String filename, String declared) {
        String detected = tika.detect(head, filename);
        if (detected == null || detected.equals(UNKNOWN)) {
            return declared == null || declared.isBlank() ? UNKNOWN : declared;
        }
        return detected;
    }
}
