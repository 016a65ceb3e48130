package dev.affix.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
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

    private static MessageSigner signerAt(Instant instant) {
        return new MessageSigner("test-secret-0123456789", Clock.fixed(instant, ZoneOffset.UTC));
    }
}
