package dev.affix.s3;

import java.io.InputStream;
import java.util.function.LongSupplier;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * Hands the SDK a caller's stream, which can be read only once. The SDK asks again when it retries; if
 * bytes were already consumed, a replay would send the rest of the stream as if it were the whole, so
 * it is refused and the upload fails instead.
 */
final class OneShotContentProvider implements ContentStreamProvider {

    private final InputStream body;
    private final LongSupplier bytesRead;

    /** @param bytesRead how many bytes of {@code body} have been read so far */
    OneShotContentProvider(InputStream body, LongSupplier bytesRead) {
        this.body = body;
        this.bytesRead = bytesRead;
    }

    @Override
    public InputStream newStream() {
        long read = bytesRead.getAsLong();
        if (read > 0) {
            throw new StreamNotReplayableException(read);
        }
        return body;
    }

    /** The SDK wanted to retry an upload whose stream had already been partly sent. */
    static final class StreamNotReplayableException extends IllegalStateException {
        StreamNotReplayableException(long sent) {
            super("the upload failed after " + sent + " bytes of a stream had been read; a stream cannot be sent again");
        }
    }
}
