package dev.affix.tool;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of an {@link ExternalTool}: its process, the threads that watch it, and how it ended. */
final class ToolRun {

    /** How much of stderr is kept for the error message. */
    static final int STDERR_TAIL_BYTES = 4096;
    /** The variables a tool inherits; everything else in this process's environment stays here. */
    static final List<String> INHERITED_VARIABLES = List.of("PATH", "LANG");
    // stderr closes as the process exits; waiting longer would only wait for a grandchild holding it
    private static final long STDERR_GRACE_MILLIS = 1000;

    private final ExternalTool tool;
    private final List<String> command;
    private final ToolLimits limits;

    ToolRun(ExternalTool tool, List<String> arguments, ToolLimits limits) {
        this.tool = tool;
        this.limits = limits;
        this.command = new ArrayList<>(arguments.size() + 1);
        command.add(tool.executable().toString());
        command.addAll(arguments);
    }

    <T> T run(StdoutReader<T> reader) {
        PrivateDirectory directory;
        try {
            directory = PrivateDirectory.create("affix-" + tool.name() + "-");
        } catch (IOException e) {
            throw new ToolException(tool.name(), "could not get a private working directory: " + e, null, "", e);
        }
        try (directory) {
            return run(reader, start(directory), directory);
        }
    }

    private Process start(PrivateDirectory directory) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.path().toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        INHERITED_VARIABLES.forEach(name -> {
            String value = System.getenv(name);
            if (value != null) {
                environment.put(name, value);
            }
        });
        try {
            Process process = builder.start();
            process.getOutputStream().close(); // no stdin: a tool that reads it sees its end at once
            return process;
        } catch (IOException e) {
            throw new ToolException(tool.name(), "could not be started: " + e.getMessage(), null, "", e);
        }
    }

    private <T> T run(StdoutReader<T> reader, Process process, PrivateDirectory directory) {
        StderrTail stderr = new StderrTail(process.getErrorStream(), STDERR_TAIL_BYTES);
        Thread stderrDrain = daemon(stderr, "stderr");
        Watchdog watchdog = new Watchdog(process, limits);
        Thread watchdogThread = daemon(watchdog, "watchdog");
        CappedInputStream stdout = new CappedInputStream(process.getInputStream(), limits.maxStdoutBytes());
        try {
            T result = null;
            IOException readFailure = null;
            try {
                result = reader.read(stdout, directory.path());
                stdout.transferTo(OutputStream.nullOutputStream()); // the rest, so the tool is never blocked writing it
            } catch (IOException e) {
                readFailure = e;
                killTree(process.toHandle());
            }
            int exitCode = waitFor(process, stderr);
            watchdogThread.interrupt();
            join(stderrDrain);
            String tail = stderr.text();
            if (watchdog.fired()) {
                throw new ToolTimeoutException(tool.name(), limits.timeout(), tail);
            }
            if (stdout.exceeded()) {
                throw new ToolException(tool.name(), "wrote more than " + limits.maxStdoutBytes() + " bytes to stdout and was killed", null,
                        tail);
            }
            if (readFailure != null) {
                throw new ToolException(tool.name(), "gave output that could not be read (" + readFailure.getMessage() + ")", exitCode, tail,
                        readFailure);
            }
            if (exitCode != 0) {
                throw new ToolException(tool.name(), "failed", exitCode, tail);
            }
            return result;
        } finally {
            watchdogThread.interrupt();
            if (process.isAlive()) {
                killTree(process.toHandle()); // the reader threw something unexpected
            }
            closeQuietly(stdout);
        }
    }

    private int waitFor(Process process, StderrTail stderr) {
        try {
            return process.waitFor(); // bounded: the watchdog kills the process at the deadline
        } catch (InterruptedException e) {
            killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new ToolException(tool.name(), "was interrupted and killed", null, stderr.text(), e);
        }
    }

    private Thread daemon(Runnable task, String role) {
        Thread thread = new Thread(task, "affix-" + tool.name() + "-" + role);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(STDERR_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(CappedInputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // the process is gone; nothing more can be read or lost
        }
    }

    /**
     * Kills a process and every process it started. The descendants are listed first: once their
     * parent is dead they are re-parented and could no longer be found from it.
     */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        root.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** Kills the tool's process tree if it is still running at its deadline. */
    private static final class Watchdog implements Runnable {

        private final Process process;
        private final ToolLimits limits;
        private volatile boolean fired;

        Watchdog(Process process, ToolLimits limits) {
            this.process = process;
            this.limits = limits;
        }

        @Override
        public void run() {
            try {
                if (!process.waitFor(limits.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                    fired = true;
                    killTree(process.toHandle());
                }
            } catch (InterruptedException e) {
                // the run ended first: nothing to kill
            }
        }

        boolean fired() {
            return fired;
        }
    }
}
