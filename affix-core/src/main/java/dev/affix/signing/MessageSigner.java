package dev.affix.signing;

import dev.affix.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectWriter;

/**
 * Signs small claim sets into URL-safe tokens and verifies them. Each token is bound to a purpose:
 * the signing key is derived from the secret and the purpose, so a token minted for one purpose
 * fails verification for every other. Expiry is a claim inside the signed part.
 *
 * <p>Token form: {@code base64url(json claims) "." base64url(HMAC-SHA256)}, both parts in canonical
 * unpadded base64url: any other spelling of the same bytes (padding, other unused bits in the last
 * character) is refused, so that each claim set has exactly one token. The claims are written as
 * ASCII JSON, every other character escaped, so that any string (even one that is not valid
 * Unicode, such as a lone surrogate) comes back from {@link #verify} exactly as it was signed, for
 * the caller to validate.
 */
public final class MessageSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String EXPIRES_CLAIM = "exp";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final ObjectWriter CLAIMS_WRITER = Json.mapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private final byte[] secret;
    private final Clock clock;
    private final ForeignMessages foreign;
    private final Map<String, SecretKeySpec> purposeKeys = new ConcurrentHashMap<>();

    public MessageSigner(String secret, Clock clock) {
        this(secret, clock, null);
    }

    /**
     * A signer whose users (signed ids, Disk tokens, variation keys) also read, and issue instead of
     * Affix's own, messages in another application's format; {@code foreign} null for none.
     */
    public MessageSigner(String secret, Clock clock, ForeignMessages foreign) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() < 16) {
            throw new IllegalArgumentException("the signing secret must be at least 16 characters long");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.foreign = foreign;
    }

    public Clock clock() {
        return clock;
    }

    /** The other application's format (a Rails application's), when one is configured. */
    public Optional<ForeignMessages> foreign() {
        return Optional.ofNullable(foreign);
    }

    /** A token that never expires. */
    public String sign(String purpose, Map<String, String> claims) {
        return encode(purpose, claims, null);
    }

    /** A token valid for {@code validFor} from now. */
    public String sign(String purpose, Map<String, String> claims, Duration validFor) {
        return encode(purpose, claims, clock.instant().plus(validFor));
    }

    /** The claims of a genuine, unexpired token for this purpose; empty for anything else. */
    public Optional<Map<String, String>> verify(String purpose, String token) {
        return read(purpose, token).map(Verified::claims);
    }

    /** A genuine, unexpired token's claims and its expiry, which callers may need (e.g. to bound caching). */
    public Optional<Verified> read(String purpose, String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        Optional<byte[]> given = decodeCanonical(token.substring(dot + 1));
        if (given.isEmpty() || !MessageDigest.isEqual(given.get(), mac(purpose, payload))) {
            return Optional.empty();
        }
        Optional<byte[]> json = decodeCanonical(payload);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> decoded;
        try {
            decoded = Json.readObject(new String(json.get(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Map<String, String> claims = new LinkedHashMap<>();
        decoded.forEach((k, v) -> claims.put(k, String.valueOf(v)));
        String expires = claims.remove(EXPIRES_CLAIM);
        Instant expiresAt = expires == null ? null : Instant.ofEpochSecond(Long.parseLong(expires));
        if (expiresAt != null && !clock.instant().isBefore(expiresAt)) {
            return Optional.empty();
        }
        return Optional.of(new Verified(claims, Optional.ofNullable(expiresAt)));
    }

    /** The claims of a verified token, and when it expires (empty: never). */
    public record Verified(Map<String, String> claims, Optional<Instant> expiresAt) {

        public Verified {
            claims = Map.copyOf(claims);
        }
    }

    /**
     * The bytes of canonical unpadded base64url text; empty for anything else. The JDK's decoder
     * accepts padding and ignores the unused low bits of the last character, so several texts
     * would decode to the same bytes: only the one the encoder writes is taken.
     */
    private static Optional<byte[]> decodeCanonical(String text) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return ENCODER.encodeToString(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
    }

    private String encode(String purpose, Map<String, String> claims, Instant expiresAt) {
        if (claims.containsKey(EXPIRES_CLAIM)) {
            throw new IllegalArgumentException("'" + EXPIRES_CLAIM + "' is a reserved claim");
        }
        Map<String, Object> body = new LinkedHashMap<>(claims);
        if (expiresAt != null) {
            // rounded up so that a token never expires earlier than asked
            long seconds = expiresAt.getEpochSecond() + (expiresAt.getNano() > 0 ? 1 : 0);
            body.put(EXPIRES_CLAIM, Long.toString(seconds));
        }
        String payload = ENCODER.encodeToString(CLAIMS_WRITER.writeValueAsString(body).getBytes(StandardCharsets.US_ASCII));
        return payload + "." + ENCODER.encodeToString(mac(purpose, payload));
    }

    private byte[] mac(String purpose, String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(purposeKeys.computeIfAbsent(purpose, this::deriveKey));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + ALGORITHM, e);
        }
    }

    /** HMAC(secret, "affix/" + purpose): derived once per purpose, since every served URL verifies one. */
    private SecretKeySpec deriveKey(String purpose) {
        try {
            Mac derive = Mac.getInstance(ALGORITHM);
            derive.init(new SecretKeySpec(secret, ALGORITHM));
            return new SecretKeySpec(derive.doFinal(("affix/" + purpose).getBytes(StandardCharsets.UTF_8)), ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + ALGORITHM, e);
        }
    }
}
