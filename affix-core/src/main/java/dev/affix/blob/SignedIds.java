package dev.affix.blob;

import dev.affix.signing.ForeignMessages;
import dev.affix.signing.MessageSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Signed blob ids: what a form or URL carries instead of a bare id. Each is bound to a purpose and
 * may expire; it names the blob's id and key, so that an id reused after a database reset never
 * finds another blob.
 *
 * <p>With a Rails application's format configured ({@link MessageSigner#foreign()}), ids are issued
 * as Rails' {@code blob.signed_id} makes them (the id alone, purpose {@code blob_id}) and Rails' ids
 * are read too, beside Affix's own. Rails has one purpose for forms and URLs, so in that format the
 * two purposes below are one.
 */
public final class SignedIds {

    /** The purpose of every signed blob id a Rails application makes. */
    static final String RAILS_PURPOSE = "blob_id";

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
        Optional<ForeignMessages> foreign = signer.foreign();
        if (foreign.isPresent()) {
            return foreign.get().sign(blob.id(), RAILS_PURPOSE, expiresIn == null ? null : signer.clock().instant().plus(expiresIn));
        }
        Map<String, String> claims = Map.of("id", Long.toString(blob.id()), "key", blob.key());
        return expiresIn == null ? signer.sign(scope(purpose), claims) : signer.sign(scope(purpose), claims, expiresIn);
    }

    /** What a genuine, unexpired id for this purpose names, and when it expires: Affix's own, or the Rails application's. */
    public Optional<Verified> read(String signedId, String purpose) {
        return signer.read(scope(purpose), signedId).flatMap(verified -> {
            try {
                return Optional.of(new Verified(Long.parseLong(verified.claims().get("id")), verified.claims().get("key"),
                        verified.expiresAt()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }).or(() -> signer.foreign().flatMap(foreign -> foreign.verify(signedId, RAILS_PURPOSE))
                // a Rails id is the blob's id alone: an integer, nothing else
                .filter(verified -> verified.value() instanceof Long id && id > 0)
                .map(verified -> new Verified((Long) verified.value(), null, verified.expiresAt())));
    }

    /**
     * A verified signed id: the blob's id and key (null in a Rails application's ids, which name the
     * id alone), and when the id expires (empty: never).
     */
    public record Verified(long blobId, String key, Optional<Instant> expiresAt) {

        /** Whether the id names this blob: its id, and its key where the id carries one. */
        public boolean names(Blob blob) {
            return blob.id() == blobId && (key == null || blob.key().equals(key));
        }
    }

    private static String scope(String purpose) {
        return "blob/" + purpose;
    }
}
