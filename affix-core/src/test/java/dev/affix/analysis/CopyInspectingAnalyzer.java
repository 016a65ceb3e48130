package dev.affix.analysis;

import dev.affix.blob.Blob;
import dev.affix.checksum.DigestingInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reports on the file an analyzer is given: whether its bytes match the blob's checksum, whether only
 * this user may read it, where it was, and which facts it saw from earlier analyzers. Counts its runs.
 */
final class CopyInspectingAnalyzer implements Analyzer {

    final AtomicInteger runs = new AtomicInteger();

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public boolean accepts(Blob blob) {
        return true;
    }

    @Override
    public AnalysisResult analyze(AnalysisInput input) throws Exception {
        runs.incrementAndGet();
        try (InputStream in = Files.newInputStream(input.file());
             DigestingInputStream digesting = new DigestingInputStream(in, input.blob().checksum().algorithm())) {
            digesting.transferTo(OutputStream.nullOutputStream());
            return AnalysisResult.of(Map.of(
                    "copy_verified", digesting.checksum().equals(input.blob().checksum()),
                    "copy_private", PosixFilePermissions.toString(Files.getPosixFilePermissions(input.file())).equals("rw-------"),
                    "copy_path", input.file().toString(),
                    "saw", new ArrayList<>(input.earlier().keySet())));
        }
    }

}
