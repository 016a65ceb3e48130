package dev.affix.resumable;

import dev.affix.checksum.ResumableMd5;
import dev.affix.storage.ResumableChunk;
import dev.affix.storage.UploadedPart;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * One request's bytes as the storage service reads them: never more than the request declared, the
 * upload's MD5 and the chunk's own checksum (if the client sent one) computed as they pass, and each
 * {@link #kept} point recorded with the digest as it stood there, so that what is recorded always
 * matches the bytes stored, wherever the request stops.
 */
final class SessionChunk extends ResumableChunk {

    /**
     * Where the upload stands at a point its service reported: the new offset, the MD5 of every byte
     * up to it, the service's state, and the parts stored since the chunk began.
     */
    record Kept(long offset, ResumableMd5 digest, String state, int partCount, List<UploadedPart> newParts) {
    }

    /** Told of every kept point as it happens; and of the reading, to keep the lease alive. */
    interface Progress {
        void kept(Kept kept);

        void reading();
    }

    private final InputStream body;
    private final long startOffset;
    private final long length;
    private final ResumableMd5 md5;
    private final MessageDigest chunkDigest;
    private final Progress progress;
    private final List<UploadedPart> parts = new ArrayList<>();
    private int partCount;
    private long read;
    private Kept lastKept;
    private boolean clientFailed;

    /** @param chunkDigest the digest the client's checksum is checked with, or null when it sent none */
    SessionChunk(InputStream body, UploadSession session, long length, MessageDigest chunkDigest, Progress progress) {
        this.body = body;
        this.startOffset = session.offset();
        this.length = length;
        this.md5 = ResumableMd5.restore(session.digestState());
        this.chunkDigest = chunkDigest;
        this.partCount = session.partCount();
        this.progress = progress;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long remaining() {
        return length - read;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        if (read == length) {
            return -1;
        }
        int n;
        try {
            n = body.read(buffer, offset, (int) Math.min(count, length - read));
        } catch (IOException e) {
            clientFailed = true;
            throw e;
        }
        if (n < 0) {
            clientFailed = true;
            throw new EOFException("the request ended after " + read + " of the " + length + " bytes it declared");
        }
        md5.update(buffer, offset, n);
        if (chunkDigest != null) {
            chunkDigest.update(buffer, offset, n);
        }
        read += n;
        progress.reading();
        return n;
    }

    @Override
    public void kept(String state, UploadedPart part) {
        if (part != null) {
            if (part.number() != partCount + 1) {
                throw new IllegalStateException("part " + part.number() + " was kept after part " + partCount);
            }
            parts.add(part);
            partCount++;
        }
        lastKept = new Kept(startOffset + read, md5.copy(), state, partCount, List.copyOf(parts));
        progress.kept(lastKept);
    }

    /** The last point the service reported, or null if it reported none. */
    Kept lastKept() {
        return lastKept;
    }

    /** Whether every byte of the chunk was read and kept. */
    boolean keptWhole() {
        return lastKept != null && lastKept.offset() == startOffset + length;
    }

    /** Whether reading the client's bytes failed (it went away, or sent fewer than it declared). */
    boolean clientFailed() {
        return clientFailed;
    }

    /** Whether the chunk's bytes match the checksum the client sent; call once every byte was read. */
    boolean matches(ChunkChecksum checksum) {
        return checksum.matches(chunkDigest.digest());
    }
}
