package dev.affix.tool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads what a tool writes to stdout while it runs, so that output of any length is processed in
 * constant memory (decoded audio folded into a waveform, a stream copied elsewhere).
 *
 * @param <T> what is read
 */
@FunctionalInterface
public interface StdoutReader<T> {

    /**
     * @param stdout           the tool's stdout, ending where the tool's output does or where
     *                         {@link ToolLimits#maxStdoutBytes()} is passed (then the run fails)
     * @param workingDirectory the tool's private working directory, where it wrote any file given to
     *                         it by a relative name; it is deleted when the run ends
     */
    T read(InputStream stdout, Path workingDirectory) throws IOException;
}
