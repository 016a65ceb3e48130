package dev.affix.rails.interop;

import dev.affix.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Rails application of src/test/rails, run with Debian's ruby as a child process (an argument
 * array, no shell), and its small JSON API. Its output goes to a log file the failure messages name.
 */
final class RailsApplication implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RailsApplication(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    static RailsApplication start(Path script, int port, String databaseUrl, Path storageRoot, String secretKeyBase, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("ruby", script.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("PORT", Integer.toString(port));
        env.put("DATABASE_URL", databaseUrl);
        env.put("STORAGE_ROOT", storageRoot.toString());
        env.put("SECRET_KEY_BASE", secretKeyBase);
        env.put("RAILS_ENV", "production");
        RailsApplication rails = new RailsApplication(builder.start(), URI.create("http://127.0.0.1:" + port), log);
        rails.awaitUp();
        return rails;
    }

    private void awaitUp() throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Rails application stopped at start (exit " + process.exitValue() + "):\n" + logTail());
            }
            try {
                if (fetch("/interop/up").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still booting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the Rails application did not answer within " + START_TIMEOUT + ":\n" + logTail());
    }

    URI base() {
        return base;
    }

    /** A JSON answer of the interop API; anything but 200 fails, with the Rails log. */
    Map<String, Object> get(String path) throws IOException, InterruptedException {
        return json(send(HttpRequest.newBuilder(base.resolve(path)).GET()));
    }

    Map<String, Object> post(String path, byte[] body) throws IOException, InterruptedException {
        return json(send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    Map<String, Object> delete(String path) throws IOException, InterruptedException {
        return json(send(HttpRequest.newBuilder(base.resolve(path)).DELETE()));
    }

    /** Any GET below the application, redirects not followed. */
    HttpResponse<byte[]> fetch(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private Map<String, Object> json(HttpResponse<byte[]> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered " + response.statusCode()
                    + ":\n" + logTail());
        }
        return Json.readObject(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    String logTail() throws IOException {
        String text = Files.exists(log) ? Files.readString(log) : "";
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
