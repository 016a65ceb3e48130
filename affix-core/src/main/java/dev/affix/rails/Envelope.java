package dev.affix.rails;

import dev.affix.signing.ForeignMessages;
import java.time.Instant;
import java.util.Optional;

/** How one Rails version serialises a signed value with its metadata (purpose and expiry), before signing. */
interface Envelope {

    byte[] wrap(Object value, String purpose, Instant expiresAt);

    /** The value and expiry of signed bytes, for this purpose and unexpired at {@code now}; empty for anything else. */
    Optional<ForeignMessages.Verified> unwrap(byte[] signed, String purpose, Instant now);
}
