package dev.affix.http;

import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import dev.affix.blob.SignedIds;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds the blob a serving id ({@link SignedIds#SERVE}) names, with the id's expiry: a URL that
 * stops working must not outlive itself in a cache.
 */
final class ServingIds {

    /** A blob found by a genuine serving id, and when that id expires (empty: never). */
    record Served(Blob blob, Optional<Instant> expiresAt) {
    }

    private final SignedIds ids;
    private final Blobs blobs;

    ServingIds(SignedIds ids, Blobs blobs) {
        this.ids = ids;
        this.blobs = blobs;
    }

    /** Empty for a tampered, expired or misused id, and for a blob deleted (or replaced under the same id) since. */
    Optional<Served> find(String signedId) {
        return verify(signedId).flatMap(this::find);
    }

    /** What a genuine, unexpired serving id names, without looking anything up: empty for a tampered, expired or misused one. */
    Optional<SignedIds.Verified> verify(String signedId) {
        return ids.read(signedId, SignedIds.SERVE);
    }

    /** The blob a verified id names; empty if it was deleted (or replaced under the same id) since. */
    Optional<Served> find(SignedIds.Verified id) {
        return blobs.find(id.blobId())
                .filter(id::names)
                .map(blob -> new Served(blob, id.expiresAt()));
    }
}
