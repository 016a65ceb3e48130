package dev.affix.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of s3proxy that spoils its first connections, as an overloaded
 * server or a flaky network would: it answers them with a 500, or resets them. Later connections are
 * passed through byte for byte, so the client's signatures stay valid.
 */
final class FlakyProxy implements AutoCloseable {

    enum Failure { INTERNAL_ERROR, RESET }

    private final ServerSocket listener;
    private final URI target;
    private final int spoiled;
    private final Failure failure;
    private final AtomicInteger connections = new AtomicInteger();

    FlakyProxy(URI target, int spoiled, Failure failure) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.spoiled = spoiled;
        this.failure = failure;
        daemon(this::acceptLoop);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** How many connections clients have opened so far. */
    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                int number = connections.incrementAndGet();
                daemon(() -> handle(client, number <= spoiled));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client, boolean spoil) {
        try {
            if (!spoil) {
                forward(client);
                return;
            }
            String head = readHead(client.getInputStream());
            if (failure == Failure.RESET) {
                client.setSoLinger(true, 0);
                client.close();
                return;
            }
            skipBody(client.getInputStream(), head);
            byte[] body = "<Error><Code>InternalError</Code><Message>spoiled by the test</Message></Error>"
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            client.close();
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void forward(Socket client) throws IOException {
        Socket upstream = new Socket(target.getHost(), target.getPort());
        daemon(() -> pump(client, upstream));
        pump(upstream, client);
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away; closing both below ends the other pump too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    }

    /** Reads the request body so that closing the socket afterwards does not reset the client's write. */
    private static void skipBody(InputStream in, String head) throws IOException {
        if (head.contains("expect: 100-continue")) {
            return;
        }
        int start = head.indexOf("content-length:");
        if (start >= 0) {
            int end = head.indexOf("\r\n", start);
            in.skipNBytes(Long.parseLong(head.substring(start + "content-length:".length(), end).trim()));
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "flaky-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
