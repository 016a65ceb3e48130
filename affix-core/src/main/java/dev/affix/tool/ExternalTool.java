package dev.affix.tool;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A command-line program that Affix runs on untrusted files (ffprobe, ffmpeg, pdftoppm), found once,
 * when the module that needs it starts, and run safely every time:
 * <ul>
 *   <li>with an argument array, never through a shell, so no file name is ever interpreted;</li>
 *   <li>in a private working directory (rwx------) with a generated name, deleted after the run;</li>
 *   <li>with an environment cleared of all but {@code PATH} and {@code LANG}, so no proxy, library
 *       path or credential of this process reaches the tool;</li>
 *   <li>with no stdin, stdout read as it arrives up to a limit, stderr drained concurrently keeping its
 *       tail for the error message;</li>
 *   <li>within a time limit, past which the tool and every process it started are killed.</li>
 * </ul>
 * Failures are {@link ToolException}s naming the tool, its exit code and the end of its stderr.
 */
public final class ExternalTool {

    private final String name;
    private final Path executable;

    private ExternalTool(String name, Path executable) {
        this.name = name;
        this.executable = executable;
    }

    /** The tool by name on this process's {@code PATH}, or at a path (one containing a separator). */
    public static Optional<ExternalTool> find(String nameOrPath) {
        return find(nameOrPath, Objects.requireNonNullElse(System.getenv("PATH"), ""));
    }

    /**
     * The tool by name in the directories of {@code searchPath} (separated as {@code PATH} is), or at
     * a path if {@code nameOrPath} contains a separator; empty if there is no executable file there.
     * Empty entries of the search path (the current directory) are skipped: a tool is never picked up
     * from wherever the application happens to run.
     */
    public static Optional<ExternalTool> find(String nameOrPath, String searchPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new IllegalArgumentException("a tool needs a name or a path");
        }
        if (nameOrPath.contains("/") || nameOrPath.contains(File.separator)) {
            Path path = Path.of(nameOrPath).toAbsolutePath();
            return executable(path) ? Optional.of(new ExternalTool(path.getFileName().toString(), path)) : Optional.empty();
        }
        for (String directory : searchPath.split(File.pathSeparator)) {
            if (directory.isBlank() || !Path.of(directory).isAbsolute()) {
                continue;
            }
            Path candidate = Path.of(directory, nameOrPath);
            if (executable(candidate)) {
                return Optional.of(new ExternalTool(nameOrPath, candidate));
            }
        }
        return Optional.empty();
    }

    private static boolean executable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    /** The name errors and logs use, e.g. {@code ffprobe}. */
    public String name() {
        return name;
    }

    public Path executable() {
        return executable;
    }

    /**
     * Runs the tool with these arguments, giving its stdout to {@code reader} as it arrives.
     *
     * @return what the reader read, if the tool then exited with code 0 within its limits
     * @throws ToolException        if it could not start, exited with another code, wrote more than
     *                              allowed to stdout, or the reader failed
     * @throws ToolTimeoutException if it ran out of time (it and its child processes were killed)
     */
    public <T> T run(List<String> arguments, ToolLimits limits, StdoutReader<T> reader) {
        return new ToolRun(this, arguments, limits).run(reader);
    }

    /** Runs the tool and returns all it wrote to stdout, at most {@link ToolLimits#maxStdoutBytes()}. */
    public byte[] capture(List<String> arguments, ToolLimits limits) {
        return run(arguments, limits, (stdout, workingDirectory) -> stdout.readAllBytes());
    }

    @Override
    public String toString() {
        return name + " (" + executable + ")";
    }
}
