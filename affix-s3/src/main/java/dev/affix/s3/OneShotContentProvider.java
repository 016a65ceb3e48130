package dev.affix.s3;

import java.io.InputStream;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * Hands the SDK a caller's stream, which can be read only once. The SDK asks again when it retries; if
 * bytes were already consumed, a replay would send the rest of the stream as if it were the whole, so
 * it is refused and the upload fails instead.
 */
final class OneShotContentProvider implements ContentStreamProvider {

    private final CheckedBody body;

    OneShotContentProvider(CheckedBody body) {
        this.body = body;
    }

    @Override
    public InputStream newStream() {
        if (body.bytesRead() > 0) {
            throw new StreamNotReplayableException(body.bytesRead());
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
