package dev.affix.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// The tools here are the system's sh, env and head: real processes, as ffprobe and ffmpeg will be.
// A test may hand a script to sh as an argument; the runner itself never goes through a shell.
class ExternalToolTest {

    private static final ToolLimits GENEROUS = new ToolLimits(Duration.ofSeconds(20), 1 << 20);

    private static ExternalTool tool(String name) {
        return ExternalTool.find(name).orElseThrow(() -> new AssertionError(name + " is not on PATH"));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void findsToolsOnThePathAndNothingWhereThereIsNone(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("mytool"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path notExecutable = Files.writeString(dir.resolve("plain"), "#!/bin/sh\n");

        assertThat(ExternalTool.find("mytool", "/nonexistent:" + dir)).get().satisfies(found -> {
            assertThat(found.name()).isEqualTo("mytool");
            assertThat(found.executable()).isEqualTo(script);
        });
        assertThat(ExternalTool.find("plain", dir.toString())).isEmpty();
        assertThat(ExternalTool.find("no-such-tool-affix", dir.toString())).isEmpty();
        assertThat(ExternalTool.find(script.toString(), "")).get().extracting(ExternalTool::name).isEqualTo("mytool");
        assertThat(ExternalTool.find(notExecutable.toString(), "")).isEmpty();
        // an empty or relative entry means "wherever the process runs": never searched
        assertThat(ExternalTool.find("mytool", ":.:relative/dir")).isEmpty();
    }

    @Test
    void argumentsReachTheToolVerbatimWithoutAnyShell(@TempDir Path dir) {
        Path marker = dir.resolve("marker");
        String hostile = "$(touch " + marker + "); `touch " + marker + "` * ; | > " + marker;

        byte[] out = tool("printf").capture(List.of("%s", hostile), GENEROUS);

        assertThat(text(out)).isEqualTo(hostile);
        assertThat(marker).doesNotExist();
    }

    @Test
    void theEnvironmentHoldsOnlyPathAndLang() {
        assertThat(System.getenv()).as("this test needs a variable other than PATH and LANG").containsKey("HOME");

        String env = text(tool("env").capture(List.of(), GENEROUS));

        assertThat(env.lines().map(line -> line.substring(0, line.indexOf('='))).toList())
                .contains("PATH").isSubsetOf(ToolRun.INHERITED_VARIABLES);
    }

    @Test
    void runsInAPrivateDirectoryThatIsDeletedAfterwards() {
        AtomicReference<Path> workingDirectory = new AtomicReference<>();

        String seen = tool("sh").run(List.of("-c", "pwd; stat -c %a .; echo written > out.txt"), GENEROUS, (stdout, dir) -> {
            workingDirectory.set(dir);
            return new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        });

        assertThat(seen.lines().toList()).containsExactly(workingDirectory.get().toString(), "700");
        assertThat(workingDirectory.get()).doesNotExist();
    }

    @Test
    void aReaderSeesFilesTheToolWroteBeforeTheDirectoryGoes() {
        String frame = tool("sh").run(List.of("-c", "printf frame > frame.txt; echo done"), GENEROUS, (stdout, dir) -> {
            String line = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8)).readLine();
            return line + ":" + Files.readString(dir.resolve("frame.txt"));
        });

        assertThat(frame).isEqualTo("done:frame");
    }

    @Test
    void aFailureNamesTheToolItsExitCodeAndTheEndOfItsStderr() {
        assertThatThrownBy(() -> tool("sh").capture(List.of("-c", "echo first line >&2; echo 'it broke' >&2; exit 3"), GENEROUS))
                .isInstanceOfSatisfying(ToolException.class, e -> {
                    assertThat(e.tool()).isEqualTo("sh");
                    assertThat(e.exitCode()).hasValue(3);
                    assertThat(e.stderrTail()).contains("it broke");
                    assertThat(e.getMessage()).isEqualTo("sh failed (exit code 3): first line | it broke");
                });
    }

    @Test
    void stderrIsDrainedWhileStdoutIsReadAndOnlyItsTailKept() {
        // 1 MiB on stderr fills any pipe: without a concurrent drain the tool would block forever
        String script = "head -c 1048576 /dev/zero | tr '\\0' x >&2; echo ' the end' >&2; echo out; exit 1";

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> tool("sh").capture(List.of("-c", script), GENEROUS))
                .isInstanceOfSatisfying(ToolException.class, e -> {
                    assertThat(e.stderrTail()).hasSizeLessThanOrEqualTo(ToolRun.STDERR_TAIL_BYTES).endsWith("xxx the end\n");
                    assertThat(e.exitCode()).hasValue(1);
                }));
    }

    @Test
    void stdoutBeyondItsLimitKillsTheTool() {
        ToolLimits small = new ToolLimits(Duration.ofSeconds(20), 1000);

        assertThat(tool("head").capture(List.of("-c", "1000", "/dev/zero"), small)).hasSize(1000);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> tool("cat").capture(List.of("/dev/zero"), small))
                .isInstanceOf(ToolException.class)
                .hasMessageStartingWith("cat wrote more than 1000 bytes to stdout and was killed"));
    }

    @Test
    void aToolPastItsTimeoutIsKilledWithTheProcessesItStarted() throws Exception {
        ToolLimits quick = new ToolLimits(Duration.ofMillis(500), 1 << 20);
        AtomicLong child = new AtomicLong();

        // the background sleep keeps stdout open: unless it dies too, the reader never sees the end
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(
                () -> tool("sh").run(List.of("-c", "sleep 300 & echo $!; wait"), quick, (stdout, dir) -> {
                    BufferedReader lines = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));
                    child.set(Long.parseLong(lines.readLine().trim()));
                    return lines.readLine();
                }))
                .isInstanceOfSatisfying(ToolTimeoutException.class, e -> {
                    assertThat(e.timeout()).isEqualTo(Duration.ofMillis(500));
                    assertThat(e.exitCode()).isEmpty();
                    assertThat(e.getMessage()).isEqualTo("sh ran longer than 500 ms and was killed");
                }));

        assertGone(child.get());
    }

    @Test
    void aReaderThatFailsLeavesNoToolRunning() {
        AtomicLong pid = new AtomicLong();

        assertThatThrownBy(() -> tool("sh").run(List.of("-c", "echo $$; exec sleep 300"), GENEROUS, (stdout, dir) -> {
            pid.set(Long.parseLong(new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8)).readLine().trim()));
            throw new IllegalStateException("the reader gives up");
        })).isInstanceOf(IllegalStateException.class);

        assertGone(pid.get());
    }

    @Test
    void aToolThatCannotStartIsAToolException(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("vanishing"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        ExternalTool vanishing = ExternalTool.find(script.toString()).orElseThrow();
        Files.delete(script);

        assertThatThrownBy(() -> vanishing.capture(List.of(), GENEROUS))
                .isInstanceOf(ToolException.class)
                .hasMessageStartingWith("vanishing could not be started");
    }

    /** Killing is asynchronous: the process must be gone within moments. */
    private static void assertGone(long pid) {
        ProcessHandle.of(pid).ifPresent(process -> {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("process " + pid + " is still running", e);
            }
        });
    }
}
