package dev.affix.rails;

import dev.affix.signing.ForeignMessages;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rails 6.1's envelope: the value serialised with Marshal, base64 in a JSON object of metadata,
 * {@code {"_rails":{"message":BASE64,"exp":TIME|null,"pur":PURPOSE}}}. Only the Marshal shapes of
 * {@link MarshalReader} are read; the envelope must have exactly these keys.
 */
final class MarshalEnvelope implements Envelope {

    @Override
    public byte[] wrap(Object value, String purpose, Instant expiresAt) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("message", Base64.getEncoder().encodeToString(MarshalWriter.write(value)));
        metadata.put("exp", expiresAt == null ? null : StrictJson.expiry(expiresAt));
        metadata.put("pur", purpose);
        return StrictJson.write(Map.of("_rails", metadata));
    }

    @Override
    public Optional<ForeignMessages.Verified> unwrap(byte[] signed, String purpose, Instant now) {
        Optional<Map<String, Object>> metadata = StrictJson.object(signed, Set.of("_rails"), Set.of())
                .flatMap(envelope -> StrictJson.object(envelope.get("_rails"), Set.of("message", "exp", "pur"), Set.of()));
        if (metadata.isEmpty() || !purpose.equals(metadata.get().get("pur")) || !(metadata.get().get("message") instanceof String message)) {
            return Optional.empty();
        }
        Object exp = metadata.get().get("exp");
        Optional<Instant> expiresAt = exp == null ? Optional.empty() : StrictJson.parseExpiry(exp);
        if (exp != null && (expiresAt.isEmpty() || !now.isBefore(expiresAt.get()))) {
            return Optional.empty();
        }
        byte[] marshalled;
        try {
            marshalled = Base64.getDecoder().decode(message.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return MarshalReader.read(marshalled).map(value -> new ForeignMessages.Verified(value, expiresAt));
    }
}
