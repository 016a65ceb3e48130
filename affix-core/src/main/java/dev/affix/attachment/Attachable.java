package dev.affix.attachment;

import dev.affix.blob.Blob;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/** Something that can be attached: new bytes (a file, a stream, an array), an existing blob, or a signed blob id. */
public sealed interface Attachable {

    /** A file on disk; its name becomes the blob's filename. */
    record FromFile(Path path, String filename, String contentType) implements Attachable {
        public FromFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A stream read to its end (not closed), with the filename the client gave. */
    record FromStream(InputStream stream, String filename, String contentType) implements Attachable {
        public FromStream {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(filename, "filename");
        }
    }

    record FromBlob(Blob blob) implements Attachable {
        public FromBlob {
            Objects.requireNonNull(blob, "blob");
        }
    }

    /** A signed id, as a form submits it after a direct upload. */
    record FromSignedId(String signedId) implements Attachable {
        public FromSignedId {
            Objects.requireNonNull(signedId, "signedId");
        }
    }

    static Attachable file(Path path) {
        return new FromFile(path, path.getFileName().toString(), null);
    }

    static Attachable file(Path path, String filename, String contentType) {
        return new FromFile(path, filename, contentType);
    }

    static Attachable stream(InputStream stream, String filename) {
        return new FromStream(stream, filename, null);
    }

    static Attachable stream(InputStream stream, String filename, String contentType) {
        return new FromStream(stream, filename, contentType);
    }

    static Attachable bytes(byte[] bytes, String filename) {
        return new FromStream(new ByteArrayInputStream(bytes), filename, null);
    }

    static Attachable blob(Blob blob) {
        return new FromBlob(blob);
    }

    static Attachable signedId(String signedId) {
        return new FromSignedId(signedId);
    }
}
