package dev.affix.http;

import dev.affix.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The reference tus client, tus-js-client from npm, run by Node in a process of its own, as a real
 * client would be: its {@code upload.mjs} (a test resource) prints what happens as JSON lines. The
 * package is installed once per module into {@code target/tus-client} with {@code npm ci}, pinned by
 * its lock file; the tests need Node and the npm registry (or npm's cache).
 */
public final class TusJsClient {

    private static final List<String> FILES = List.of("package.json", "package-lock.json", "upload.mjs");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private final Path folder;

    private TusJsClient(Path folder) {
        this.folder = folder;
    }

    /** The client, installed under {@code target/tus-client} of the running module unless it is there already. */
    public static synchronized TusJsClient installed() {
        Path folder = Path.of("target", "tus-client").toAbsolutePath();
        try {
            Files.createDirectories(folder);
            for (String name : FILES) {
                try (InputStream in = TusJsClient.class.getResourceAsStream("/tus-client/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("test resource tus-client/" + name + " is missing");
                    }
                    Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (!Files.isDirectory(folder.resolve("node_modules/tus-js-client"))) {
                Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(folder.toFile())
                        .redirectErrorStream(true).redirectOutput(folder.resolve("npm-ci.log").toFile()).start();
                if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || npm.exitValue() != 0) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm ci of tus-js-client failed; see " + folder.resolve("npm-ci.log") + ":\n"
                            + Files.readString(folder.resolve("npm-ci.log")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not install tus-js-client (needs node and npm on the PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new TusJsClient(folder);
    }

    /** Starts uploading {@code file} to the creation URL {@code endpoint}, in chunks of {@code chunkSize} bytes. */
    public Run upload(String endpoint, Path file, long chunkSize, Map<String, String> metadata) {
        return start(List.of(endpoint, file.toString(), Long.toString(chunkSize), Json.write(metadata)));
    }

    /** Starts resuming the upload at {@code uploadUrl}, as a new process would after the first was killed. */
    public Run resume(String endpoint, String uploadUrl, Path file, long chunkSize, Map<String, String> metadata) {
        return start(List.of(endpoint, file.toString(), Long.toString(chunkSize), Json.write(metadata), uploadUrl));
    }

    private Run start(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("node", folder.resolve("upload.mjs").toString()));
        command.addAll(arguments);
        try {
            return new Run(new ProcessBuilder(command).directory(folder.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start node", e);
        }
    }

    /** One client process and the events it printed. */
    public static final class Run implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
        private final List<Map<String, Object>> seen = new ArrayList<>();

        Run(Process process) {
            this.process = process;
            Thread reader = new Thread(this::readEvents, "tus-js-client-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void readEvents() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("{")) {
                        events.add(Json.readObject(line));
                    }
                }
            } catch (IOException e) {
                // the process was killed: no more events
            }
            events.add(Map.of("event", "exit"));
        }

        /** The first event (from now on) that passes the test; fails on an error, on exit or after the timeout. */
        public Map<String, Object> await(Predicate<Map<String, Object>> wanted, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    Map<String, Object> event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (event == null) {
                        throw new AssertionError("tus-js-client did not get there within " + timeout + "; events: " + seen);
                    }
                    seen.add(event);
                    if (wanted.test(event)) {
                        return event;
                    }
                    if (event.get("event").equals("error") || event.get("event").equals("exit")) {
                        throw new AssertionError("tus-js-client stopped: " + event + "; events: " + seen);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** The upload's success: its URL, the signed id the last response carried, and the bytes this process got accepted. */
        public Map<String, Object> awaitSuccess(Duration timeout) {
            return await(event -> event.get("event").equals("success"), timeout);
        }

        /** The first error the client reports (after its own retries). */
        public Map<String, Object> awaitError(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    Map<String, Object> event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (event == null || event.get("event").equals("success") || event.get("event").equals("exit")) {
                        throw new AssertionError("tus-js-client reported no error; events: " + seen + ", then " + event);
                    }
                    seen.add(event);
                    if (event.get("event").equals("error")) {
                        return event;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** The most bytes the client reported sent so far. */
        public long sent() {
            return seen.stream().filter(event -> event.get("event").equals("progress"))
                    .mapToLong(event -> ((Number) event.get("sent")).longValue()).max().orElse(0);
        }

        public Optional<Map<String, Object>> seen(String event) {
            return seen.stream().filter(e -> e.get("event").equals(event)).findFirst();
        }

        /** Kills the process at once, as a crash or a closed laptop would: no request is finished or cancelled. */
        public void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            kill();
        }
    }
}
