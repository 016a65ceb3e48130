package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.InvalidSignedIdException;
import dev.affix.blob.SignedIds;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.io.Streams;
import dev.affix.storage.IntegrityException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "download", description = "Fetch a blob by its signed id, verifying its checksum on the way.")
final class DownloadCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SIGNED_ID")
    String signedId;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write to this file (only if the checksum matches); default: standard output")
    Path output;

    @Override
    public Integer call() throws IOException {
        Affix affix = cli.affix();
        Blob blob = affix.blobs().findSigned(signedId).orElseThrow(() -> new InvalidSignedIdException(SignedIds.BLOB_ID));
        if (output == null) {
            copyVerified(affix, blob, cli.binaryOut());
            cli.binaryOut().flush();
            return 0;
        }
        Path target = cli.resolve(output);
        writeVerified(affix, blob, target);
        Map<String, Object> json = blob.asJson();
        json.put("path", target.toString());
        Output.json(spec, json);
        return 0;
    }

    /** Writes the blob's bytes to {@code target}, which appears (atomically) only if their checksum matches. */
    static void writeVerified(Affix affix, Blob blob, Path target) throws IOException {
        Path part = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                copyVerified(affix, blob, out);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static void copyVerified(Affix affix, Blob blob, OutputStream out) throws IOException {
        try (InputStream in = affix.blobs().download(blob);
             DigestingInputStream digesting = new DigestingInputStream(in, blob.checksum().algorithm())) {
            Streams.copy(digesting, out);
            Checksum actual = digesting.checksum();
            if (!actual.equals(blob.checksum())) {
                throw new IntegrityException("blob " + blob.id() + " ('" + blob.key() + "') has checksum " + actual + " in service '"
                        + blob.serviceName() + "', not the recorded " + blob.checksum());
            }
        }
    }
}
