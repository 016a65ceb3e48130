package dev.affix.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The configuration used when none is given: H2 under {@code ./data}, a Disk service named
 * {@code local} under {@code ./storage}, and a secret generated once and kept in
 * {@code ./data/secret}, so that URLs signed by the command line are honoured by the demo started in
 * the same folder, and no two installations share a secret. Both can have the database open at once.
 */
public final class EmbeddedDefaults {

    private EmbeddedDefaults() {
    }

    public static AffixConfig config(Path workingDirectory) {
        Path data = workingDirectory.resolve("data");
        return AffixConfig.builder()
                .database(embeddedUrl(data.resolve("affix").toAbsolutePath()), null, null)
                .secret(secret(data.resolve("secret")))
                .disk("local", workingDirectory.resolve("storage"))
                .build();
    }

    /**
     * The H2 database at {@code file}, in H2's automatic mixed mode: the first process opens the file and
     * serves it to the others, so the command line works while the demo runs (and the other way round).
     */
    public static String embeddedUrl(Path file) {
        return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE";
    }

    private static String secret(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                try {
                    Files.writeString(Files.createFile(file,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                            HexFormat.of().formatHex(random));
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first: use theirs
                }
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new ConfigurationException("cannot read or create the embedded secret " + file + ": " + e.getMessage(), e);
        }
    }
}
