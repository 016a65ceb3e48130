package dev.affix.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MessageSignerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final MessageSigner signer = signerAt(NOW);

    @Test
    void genuineTokenVerifiesWithItsClaims() {
        String token = signer.sign("blob", Map.of("id", "42"));

        assertThat(signer.verify("blob", token)).contains(Map.of("id", "42"));
    }

    @Test
    void tokenForAnotherPurposeFindsNothing() {
        String token = signer.sign("blob", Map.of("id", "42"));

        assertThat(signer.verify("upload", token)).isEmpty();
    }

    @Test
    void tamperedTruncatedOrForeignTokensFindNothing() {
        String token = signer.sign("blob", Map.of("id", "42"));
        String otherPayload = signer.sign("blob", Map.of("id", "43")).split("\\.")[0];

        assertThat(signer.verify("blob", otherPayload + token.substring(token.indexOf('.')))).isEmpty();
        assertThat(signer.verify("blob", token.substring(0, token.length() - 1))).isEmpty();
        assertThat(signer.verify("blob", token.replace('.', '-'))).isEmpty();
        assertThat(signer.verify("blob", "")).isEmpty();
        assertThat(signer.verify("blob", null)).isEmpty();
        assertThat(new MessageSigner("another-secret-of-16-chars", Clock.systemUTC()).verify("blob", token)).isEmpty();
    }

    @Test
    void onlyTheCanonicalSpellingOfTheSignatureIsAccepted() {
        String token = signer.sign("blob", Map.of("id", "42"));
        String signature = token.substring(token.lastIndexOf('.') + 1);
        // 32 bytes are 43 characters: the last carries 4 bits of the MAC and 2 unused bits, which must be zero
        assertThat(signature).hasSize(43);

        for (int unused = 1; unused < 4; unused++) {
            String sameBytes = token.substring(0, token.length() - 1) + withLowBits(token.charAt(token.length() - 1), unused);
            assertThat(Base64.getUrlDecoder().decode(sameBytes.substring(sameBytes.lastIndexOf('.') + 1)))
                    .as("the JDK decodes it to the same MAC").isEqualTo(Base64.getUrlDecoder().decode(signature));
            assertThat(signer.verify("blob", sameBytes)).as("low bits " + unused).isEmpty();
        }
        assertThat(signer.verify("blob", token + "=")).isEmpty();
        assertThat(signer.verify("blob", token + "==")).isEmpty();
        assertThat(signer.verify("blob", token.substring(0, token.lastIndexOf('.') + 1)
                + Base64.getUrlEncoder().encodeToString(Base64.getUrlDecoder().decode(signature)))).isEmpty();
        assertThat(signer.verify("blob", token)).isPresent();
    }

    @Test
    void onlyTheCanonicalSpellingOfThePayloadIsAccepted() {
        String token = signer.sign("blob", Map.of("id", "42"));
        String payload = token.substring(0, token.lastIndexOf('.'));
        byte[] json = Base64.getUrlDecoder().decode(payload);
        String padded = Base64.getUrlEncoder().encodeToString(json);
        // only a payload whose length leaves unused bits or padding can be spelled another way
        assertThat(padded).isNotEqualTo(payload).endsWith("=");

        String resigned = padded + "." + mac("blob", padded);

        assertThat(signer.verify("blob", resigned)).isEmpty();
    }

    @Test
    void anyStringComesBackAsItWasSignedEvenOneThatIsNotValidUnicode() {
        Map<String, String> claims = Map.of("key", "x\uD800y/résumé €/\uD83D\uDE00", "quote", "a\"b\\c");

        String token = signer.sign("blob", claims);

        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(signer.verify("blob", token)).contains(claims);
    }

    @Test
    void readTellsWhenAVerifiedTokenExpires() {
        String expiring = signer.sign("blob", Map.of("id", "42"), Duration.ofSeconds(90));
        String permanent = signer.sign("blob", Map.of("id", "42"));

        assertThat(signer.read("blob", expiring)).get().extracting(MessageSigner.Verified::expiresAt).isEqualTo(Optional.of(NOW.plusSeconds(90)));
        assertThat(signer.read("blob", permanent)).get().extracting(MessageSigner.Verified::expiresAt).isEqualTo(Optional.empty());
        assertThat(signer.read("blob", expiring)).get().extracting(MessageSigner.Verified::claims).isEqualTo(Map.of("id", "42"));
    }

    @Test
    void expiringTokenWorksUntilItsExpiry() {
        String token = signer.sign("blob", Map.of("id", "42"), Duration.ofMinutes(5));

        assertThat(signerAt(NOW.plusSeconds(299)).verify("blob", token)).isPresent();
        assertThat(signerAt(NOW.plusSeconds(300)).verify("blob", token)).isEmpty();
    }

    @Test
    void reservedClaimAndShortSecretAreRefused() {
        assertThatThrownBy(() -> signer.sign("blob", Map.of("exp", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageSigner("short", Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }

    /** The same base64url character with its two low bits (unused in a 43-character text) set to {@code bits}. */
    private static char withLowBits(char c, int bits) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return alphabet.charAt((alphabet.indexOf(c) & ~3) | bits);
    }

    /** The signature a genuine signer gives a payload of this spelling: what a forger cannot compute, made here to isolate the check. */
    private String mac(String purpose, String payload) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec("test-secret-0123456789".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] key = derive.doFinal(("affix/" + purpose).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageSigner signerAt(Instant instant) {
        return new MessageSigner("test-secret-0123456789", Clock.fixed(instant, ZoneOffset.UTC));
    }
}
