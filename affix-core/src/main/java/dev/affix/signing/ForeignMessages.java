package dev.affix.signing;

import java.time.Instant;
import java.util.Optional;

/**
 * Signed messages in another application's format, which Affix reads beside its own and issues
 * instead of its own: with {@code rails:} configured, a Rails application's
 * ({@link dev.affix.rails.RailsMessages}). A message holds plain data only: {@code Long},
 * {@code String}, {@code Boolean}, null, and {@code List}s and {@code Map}s (String keys) of them;
 * what the data must look like for an id or a token is for the caller to check.
 */
public interface ForeignMessages {

    /** A message with this value for this purpose, expiring at {@code expiresAt} (null: never). */
    String sign(Object value, String purpose, Instant expiresAt);

    /** The value of a genuine, unexpired message for this purpose; empty for anything else. */
    Optional<Verified> verify(String message, String purpose);

    /** A verified message's value, and when it expires (empty: never). */
    record Verified(Object value, Optional<Instant> expiresAt) {
    }
}
