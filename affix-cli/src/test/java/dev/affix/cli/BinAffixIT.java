package dev.affix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.json.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher, bin/affix, as a user runs it: a separate JVM, JAVA_OPTS honoured, exit codes. */
class BinAffixIT {

    private static final Path LAUNCHER = Path.of("..", "bin", "affix").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void storesAndFetchesAFileFarLargerThanTheHeap() throws Exception {
        Path big = dir.resolve("big.bin");
        long size = 300L * 1024 * 1024;
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            byte[] block = new byte[1024 * 1024];
            for (long written = 0; written < size; written += block.length) {
                block[(int) (written / block.length) % block.length] = (byte) written;
                file.write(block);
            }
        }
        String expected = md5(big);

        Run put = run("-Xmx32m", "put", big.toString(), "--key", "big/file");
        assertThat(put.exitCode()).as(put.err()).isZero();
        Map<String, Object> json = Json.readObject(put.out());
        assertThat(json).containsEntry("checksum", expected).containsEntry("byte_size", (int) size);

        Run get = run("-Xmx32m", "get", "big/file", "-o", dir.resolve("copy.bin").toString());
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(md5(dir.resolve("copy.bin"))).isEqualTo(expected);
    }

    @Test
    void failuresGoToStandardErrorWithANonZeroExit() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "hello");

        Run bad = run("", "put", dir.resolve("a.txt").toString(), "--checksum", "AAAAAAAAAAAAAAAAAAAAAA==");
        assertThat(bad.exitCode()).isEqualTo(4);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).startsWith("affix: ").contains("checksum");

        Run missing = run("", "get", "no/such/key");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("no object at key 'no/such/key'");
    }

    @Test
    void anUnreachableCloudServiceIsReportedInAffixsWordsWithoutTheSdksLogLines() throws Exception {
        Path config = Files.writeString(dir.resolve("azure.yml"), """
                default_service: az
                secret: a-long-enough-secret-for-tests
                services:
                  az: { service: AzureStorage, storage_account_name: devstoreaccount1, container: files,
                        storage_access_key: "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
                        endpoint: "http://127.0.0.1:1/devstoreaccount1" }
                """);

        Run services = run("", "--config", config.toString(), "services");

        assertThat(services.exitCode()).isEqualTo(1);
        assertThat(services.out()).contains("\"ok\":false").contains("unreachable");
        assertThat(services.err()).isEqualTo("affix: one or more services failed their check\n");
    }

    private Run run(String javaOpts, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("JAVA_OPTS", javaOpts);
        builder.environment().remove("AFFIX_CONFIG");
        builder.environment().remove("AFFIX_ENV");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bin/affix " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8).trim(),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String md5(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("MD5");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }
}
