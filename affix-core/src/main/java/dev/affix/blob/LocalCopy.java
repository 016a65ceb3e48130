package dev.affix.blob;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.io.Streams;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.StorageException;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A private temporary file that receives the bytes of an upload as they stream past, so that what
 * reads them right after (analysis before an attach returns) needs no second download from the
 * service. Its digest is checked against the checksum the service recorded before anything may read
 * it; closing deletes it.
 */
public final class LocalCopy implements AutoCloseable {

    private final Path path;
    private OutputStream out;
    private DigestingInputStream capture;
    private boolean verified;

    private LocalCopy(Path path) {
        this.path = path;
    }

    /** A new, empty copy in the system's temporary folder, readable by this user only. */
    public static LocalCopy create() {
        try {
            return new LocalCopy(Files.createTempFile("affix-", ".copy",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        } catch (IOException e) {
            throw new StorageException("could not create a temporary file for a local copy of an upload", e);
        }
    }

    /** {@code in}, whose every byte read is also written to this copy and digested; once per copy. */
    InputStream capture(InputStream in, ChecksumAlgorithm algorithm) {
        if (capture != null) {
            throw new IllegalStateException("this copy already captures a stream");
        }
        try {
            out = new BufferedOutputStream(Files.newOutputStream(path), Streams.BUFFER_SIZE);
        } catch (IOException e) {
            throw new StorageException("could not write the local copy " + path, e);
        }
        capture = new DigestingInputStream(new Copying(in, out), algorithm);
        return capture;
    }

    /** Closes the file and checks that it holds exactly the bytes whose checksum the service recorded. */
    void verify(Checksum expected) {
        try {
            out.close();
        } catch (IOException e) {
            throw new StorageException("could not write the local copy " + path, e);
        }
        Checksum actual = capture.checksum();
        if (!actual.equals(expected)) {
            throw new IntegrityException("the local copy of an upload has checksum " + actual + " but the service recorded " + expected);
        }
        verified = true;
    }

    /** The file, once verified. */
    public Path path() {
        if (!verified) {
            throw new IllegalStateException("the local copy " + path + " has not been verified");
        }
        return path;
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the local copy " + path, e);
        }
    }

    /** Writes what is read through it. */
    private static final class Copying extends FilterInputStream {
        private final OutputStream copy;

        Copying(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                copy.write(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException("skipping would leave bytes out of the copy");
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
