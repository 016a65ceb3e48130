package dev.affix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line works on the embedded database while another process (the demo) has it open. */
class EmbeddedDatabaseSharedTest {

    @TempDir
    Path dir;

    @Test
    void theCommandLineAttachesWhileAnotherProcessHoldsTheEmbeddedDatabase() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HoldEmbeddedDatabase.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).as("the other process opened the database").startsWith("ready ");
            Files.writeString(dir.resolve("notes.txt"), "shared\n");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = AffixCli.run(Map.of(), dir, out, err, "attach", "notes.txt", "--record", "Post:1", "--name", "files", "--kind", "many");

            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"filename\":\"notes.txt\"");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
    }
}
