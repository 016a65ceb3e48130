package dev.affix.testkit;

import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.StorageService;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The resumable-upload contract against the Disk service, whose uploads are files under {@code .tmp/resumable}. */
class DiskResumableUploadsTest extends ResumableUploadsContract {

    @TempDir
    Path root;
    private DiskService service;

    @BeforeEach
    void createService() {
        service = new DiskService("local", root.resolve("storage"), false, true, new DiskTokens(new MessageSigner("contract-secret-0123456789",
                new MutableClock())), HttpSettings.DEFAULT);
    }

    @Override
    protected StorageService service() {
        return service;
    }

    @Override
    protected List<String> leftovers() {
        return resumableFiles(service.root());
    }

    static List<String> resumableFiles(Path diskRoot) {
        Path folder = diskRoot.resolve(".tmp/resumable");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
