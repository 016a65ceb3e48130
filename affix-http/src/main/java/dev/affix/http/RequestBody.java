package dev.affix.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that remembers whether reading it failed, so that a client who stops sending
 * half-way is told apart from a storage service that fails.
 */
final class RequestBody extends FilterInputStream {

    private volatile boolean failed;

    RequestBody(InputStream in) {
        super(in);
    }

    boolean failed() {
        return failed;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (IOException e) {
            failed = true;
            throw e;
        }
    }
}
