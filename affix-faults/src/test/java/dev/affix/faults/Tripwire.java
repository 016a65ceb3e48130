package dev.affix.faults;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A body that runs a fault (a server stopped, a disk made read-only) once a given number of its bytes have been read. */
final class Tripwire extends FilterInputStream {

    private final long at;
    private final Runnable fault;
    private long read;
    private boolean tripped;

    Tripwire(InputStream in, long at, Runnable fault) {
        super(in);
        this.at = at;
        this.fault = fault;
    }

    boolean tripped() {
        return tripped;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (!tripped && read >= at) {
            tripped = true;
            fault.run();
        }
        // stop exactly at the trip point, so the fault strikes between two reads
        int n = super.read(buffer, offset, tripped ? length : (int) Math.min(length, at - read));
        if (n > 0) {
            read += n;
        }
        return n;
    }
}
