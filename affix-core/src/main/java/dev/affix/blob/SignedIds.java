package dev.affix.blob;

import dev.affix.signing.MessageSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Signed blob ids: what a form or URL carries instead of a bare id. Each is bound to a purpose and
 * may expire; it names the blob's id and key, so that an id reused after a database reset never
 * finds another blob.
 */
public final class SignedIds {

    /** The purpose of ids that forms submit to attach a blob (a direct upload's {@code signed_id}). */
    public static final String BLOB_ID = "blob_id";

    /**
     * The purpose of ids in serving URLs. Kept apart from {@link #BLOB_ID} so that an id seen in a
     * file's URL cannot be submitted in a form to attach that file to another record.
     */
    public static final String SERVE = "serve";

    private final MessageSigner signer;

    public SignedIds(MessageSigner signer) {
        this.signer = signer;
    }

    public String sign(Blob blob, String purpose, Duration expiresIn) {
        Map<String, String> claims = Map.of("id", Long.toString(blob.id()), "key", blob.key());
        return expiresIn == null ? signer.sign(scope(purpose), claims) : signer.sign(scope(purpose), claims, expiresIn);
    }

    /** The blob id and key of a genuine, unexpired id for this purpose. */
    public Optional<Map.Entry<Long, String>> verify(String signedId, String purpose) {
        return read(signedId, purpose).map(id -> Map.entry(id.blobId(), id.key()));
    }

    /** What a genuine, unexpired id for this purpose names, and when it expires. */
    public Optional<Verified> read(String signedId, String purpose) {
        return signer.read(scope(purpose), signedId).flatMap(verified -> {
            try {
                return Optional.of(new Verified(Long.parseLong(verified.claims().get("id")), verified.claims().get("key"),
                        verified.expiresAt()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** A verified signed id: the blob's id and key, and when the id expires (empty: never). */
    public record Verified(long blobId, String key, Optional<Instant> expiresAt) {
    }

    private static String scope(String purpose) {
        return "blob/" + purpose;
    }
}
