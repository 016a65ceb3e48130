package dev.affix.rails;

import dev.affix.config.AffixConfig;
import dev.affix.config.RailsSettings;
import dev.affix.signing.ForeignMessages;
import dev.affix.signing.MessageSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The messages of a Rails application's {@code ActiveStorage.verifier}: what Rails calls
 * {@code app.message_verifier("ActiveStorage")}, an {@code ActiveSupport::MessageVerifier} with its
 * default options. Its key is derived from {@code secret_key_base} with PBKDF2 (salt
 * {@code "ActiveStorage"}, 1000 iterations, 64 bytes; HMAC-SHA1 in Rails 6.1, HMAC-SHA256 with 7.1's
 * defaults), and a message is {@code BASE64(envelope) "--" HEX(HMAC-SHA1(key, BASE64(envelope)))},
 * base64 with padding. The envelope is {@link MarshalEnvelope} for 6.1 and {@link JsonEnvelope} for 7.1+.
 *
 * <p>Verification is strict: one separator, a lower-case hex digest of the right length compared in
 * constant time before anything is decoded, canonical base64, then the envelope's own checks.
 */
public final class RailsMessages implements ForeignMessages {

    /** The salt Active Storage's verifier is named by. */
    static final String SALT = "ActiveStorage";
    static final int ITERATIONS = 1000;
    static final int KEY_BYTES = 64;
    private static final String SEPARATOR = "--";
    private static final int DIGEST_HEX = 40;
    /** Longer than any id or token Active Storage makes (a Disk token holds a key and a filename). */
    private static final int MAX_MESSAGE = 32 * 1024;

    private final SecretKeySpec key;
    private final Envelope envelope;
    private final Clock clock;

    private RailsMessages(byte[] key, Envelope envelope, Clock clock) {
        this.key = new SecretKeySpec(key, "HmacSHA1");
        this.envelope = envelope;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The messages of the Rails application these settings describe. */
    public static RailsMessages of(RailsSettings settings, Clock clock) {
        return switch (settings.version()) {
            case RAILS_6_1 -> new RailsMessages(derive(settings.secretKeyBase(), "PBKDF2WithHmacSHA1"), new MarshalEnvelope(), clock);
            case RAILS_7_1 -> new RailsMessages(derive(settings.secretKeyBase(), "PBKDF2WithHmacSHA256"), new JsonEnvelope(), clock);
        };
    }

    /** The signer of a configuration: Affix's own format, and the Rails application's when {@code rails:} names one. */
    public static MessageSigner signerFor(AffixConfig config, Clock clock) {
        return new MessageSigner(config.secret(), clock, config.rails() == null ? null : of(config.rails(), clock));
    }

    @Override
    public String sign(Object value, String purpose, Instant expiresAt) {
        String data = Base64.getEncoder().encodeToString(envelope.wrap(value, purpose, expiresAt));
        return data + SEPARATOR + HexFormat.of().formatHex(digest(data));
    }

    @Override
    public Optional<Verified> verify(String message, String purpose) {
        if (message == null || message.length() > MAX_MESSAGE) {
            return Optional.empty();
        }
        int separator = message.length() - DIGEST_HEX - SEPARATOR.length();
        if (separator <= 0 || !message.startsWith(SEPARATOR, separator)) {
            return Optional.empty();
        }
        String data = message.substring(0, separator);
        String digest = message.substring(separator + SEPARATOR.length());
        if (!isLowerHex(digest) || !MessageDigest.isEqual(digest.getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().formatHex(digest(data)).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        byte[] signed;
        try {
            signed = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!Base64.getEncoder().encodeToString(signed).equals(data)) {
            return Optional.empty();
        }
        return envelope.unwrap(signed, purpose, clock.instant());
    }

    private byte[] digest(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA1", e);
        }
    }

    private static boolean isLowerHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** {@code ActiveSupport::KeyGenerator#generate_key("ActiveStorage")} with Rails' 1000 iterations. */
    private static byte[] derive(String secretKeyBase, String algorithm) {
        PBEKeySpec spec = new PBEKeySpec(secretKeyBase.toCharArray(), SALT.getBytes(StandardCharsets.UTF_8), ITERATIONS, KEY_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        } finally {
            spec.clearPassword();
        }
    }
}
