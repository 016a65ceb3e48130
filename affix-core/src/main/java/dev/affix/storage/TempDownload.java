package dev.affix.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An object downloaded into a private temporary file whose checksum was verified; closing deletes the file. */
public record TempDownload(Path path, StoredObject object) implements AutoCloseable {

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete temporary file " + path, e);
        }
    }
}
