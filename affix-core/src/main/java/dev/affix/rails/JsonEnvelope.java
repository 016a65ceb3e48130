package dev.affix.rails;

import dev.affix.signing.ForeignMessages;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rails 7.1's envelope ({@code use_message_serializer_for_metadata} with the JSON serializer): value
 * and metadata in one JSON object, {@code {"_rails":{"data":VALUE,"exp":TIME,"pur":PURPOSE}}}, "exp"
 * only when the message expires. Any other key, at either level, is refused.
 */
final class JsonEnvelope implements Envelope {

    @Override
    public byte[] wrap(Object value, String purpose, Instant expiresAt) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("data", value);
        if (expiresAt != null) {
            metadata.put("exp", StrictJson.expiry(expiresAt));
        }
        metadata.put("pur", purpose);
        return StrictJson.write(Map.of("_rails", metadata));
    }

    @Override
    public Optional<ForeignMessages.Verified> unwrap(byte[] signed, String purpose, Instant now) {
        Optional<Map<String, Object>> metadata = StrictJson.object(signed, Set.of("_rails"), Set.of())
                .flatMap(envelope -> StrictJson.object(envelope.get("_rails"), Set.of("data", "pur"), Set.of("exp")));
        if (metadata.isEmpty() || !purpose.equals(metadata.get().get("pur")) || metadata.get().get("data") == null) {
            return Optional.empty();
        }
        Optional<Instant> expiresAt = Optional.empty();
        if (metadata.get().containsKey("exp")) {
            expiresAt = StrictJson.parseExpiry(metadata.get().get("exp"));
            if (expiresAt.isEmpty() || !now.isBefore(expiresAt.get())) {
                return Optional.empty();
            }
        }
        return Optional.of(new ForeignMessages.Verified(metadata.get().get("data"), expiresAt));
    }
}
