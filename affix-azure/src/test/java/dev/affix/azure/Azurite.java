package dev.affix.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.affix.storage.StorageKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Azurite's blob service, run from the module's own node_modules as a child process on a free port
 * of 127.0.0.1 with its data in a temporary folder. Closing it ends the process tree and removes the
 * folder.
 */
final class Azurite implements AutoCloseable {

    /** Azurite's built-in development account and its published, non-secret key. */
    static final String ACCOUNT = "devstoreaccount1";
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path location;
    private final Path log;

    private Azurite(Process process, int port, Path location, Path log) {
        this.process = process;
        this.port = port;
        this.location = location;
        this.log = log;
    }

    static Azurite start() throws IOException, InterruptedException {
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path executable = moduleDir.resolve("node_modules/.bin/azurite-blob");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("Azurite is not installed at " + executable + ": the Azure tests run it as their "
                    + "storage peer. Install it with `npm ci` in " + moduleDir + " (needs Node.js and npm; the Maven build "
                    + "runs it by itself when npm is on the PATH).");
        }
        int port = freePort();
        Path location = Files.createTempDirectory("affix-azurite-");
        Path log = location.resolve("azurite.log");
        Path data = Files.createDirectory(location.resolve("data"));
        Process process = new ProcessBuilder(executable.toString(), "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port),
                "--location", data.toString(), "--skipApiVersionCheck", "--disableTelemetry", "--loose")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Azurite azurite = new Azurite(process, port, location, log);
        try {
            azurite.awaitPort();
        } catch (IOException | InterruptedException | RuntimeException e) {
            azurite.close();
            throw e;
        }
        return azurite;
    }

    /** The blob endpoint, with the account as its path as Azurite wants it. */
    String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** An endpoint on this machine where nothing listens. */
    static String unreachableEndpoint() throws IOException {
        return "http://127.0.0.1:" + freePort() + "/" + ACCOUNT;
    }

    /** The service settings that reach this Azurite, for {@code container}. */
    Map<String, Object> settings(String container) {
        return Map.of("storage_account_name", ACCOUNT, "storage_access_key", KEY, "container", container, "endpoint", endpoint());
    }

    /** A container client with the development account's key. */
    BlobContainerClient container(String name) {
        return AzureContainerClients.withSharedKey(endpoint(), new StorageSharedKeyCredential(ACCOUNT, KEY), name);
    }

    /** A fresh, empty container with a random name. */
    BlobContainerClient newContainer() {
        BlobContainerClient container = container("affix-" + StorageKeys.random());
        container.create();
        return container;
    }

    private void awaitPort() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with status " + process.exitValue() + " before listening: " + logText());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Azurite did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT + ": " + logText());
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(location)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
