package dev.affix.rails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.config.RailsSettings;
import dev.affix.signing.ForeignMessages;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Rails application's signed messages, read and made byte for byte as Rails does (vectors: {@link RailsVectors}). */
class RailsMessagesTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final RailsMessages rails61 = messages("6.1", NOW);
    private final RailsMessages rails71 = messages("7.1+", NOW);

    @Test
    void readsWhatRails61Signed() {
        assertThat(rails61.verify(RailsVectors.V61.ID_42, "blob_id")).map(ForeignMessages.Verified::value).contains(42L);
        assertThat(rails61.verify(RailsVectors.V61.ID_42_EXPIRING, "blob_id")).get()
                .satisfies(v -> assertThat(v.expiresAt()).contains(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(rails61.verify(RailsVectors.V61.ID_BIG, "blob_id")).map(ForeignMessages.Verified::value).contains(1L << 40);
        assertThat(rails61.verify(RailsVectors.V61.VARIATION, "variation")).map(ForeignMessages.Verified::value)
                .contains(Map.of("resize_to_limit", List.of(100L, 100L), "format", "png"));
        assertThat(rails61.verify(RailsVectors.V61.DOWNLOAD, "blob_key")).map(ForeignMessages.Verified::value)
                .contains(Map.of("key", "u-8/avatar.png", "disposition", "inline; filename=\"my cat.png\"; filename*=UTF-8''my%20cat.png",
                        "content_type", "image/png", "service_name", "local"));
    }

    @Test
    void signsExactlyWhatRails61Signs() {
        assertThat(rails61.sign(42L, "blob_id", null)).isEqualTo(RailsVectors.V61.ID_42);
        assertThat(rails61.sign(42L, "blob_id", Instant.parse("2030-01-01T00:00:00Z"))).isEqualTo(RailsVectors.V61.ID_42_EXPIRING);
        assertThat(rails61.sign(1L << 40, "blob_id", null)).isEqualTo(RailsVectors.V61.ID_BIG);
        Map<String, Object> transformations = new LinkedHashMap<>();
        transformations.put("resize_to_limit", List.of(100, 100));
        transformations.put("format", "png");
        assertThat(rails61.sign(transformations, "variation", null)).isEqualTo(RailsVectors.V61.VARIATION);
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("key", "u-8/avatar.png");
        token.put("disposition", "inline; filename=\"my cat.png\"; filename*=UTF-8''my%20cat.png");
        token.put("content_type", "image/png");
        token.put("service_name", "local");
        assertThat(rails61.sign(token, "blob_key", Instant.parse("2030-01-01T00:00:00Z"))).isEqualTo(RailsVectors.V61.DOWNLOAD);
    }

    @Test
    void readsAndSignsWhatRails71Signs() {
        assertThat(rails71.verify(RailsVectors.V71.ID_42, "blob_id")).map(ForeignMessages.Verified::value).contains(42L);
        assertThat(rails71.verify(RailsVectors.V71.ID_42_EXPIRING, "blob_id")).get()
                .satisfies(v -> assertThat(v.expiresAt()).contains(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(rails71.verify(RailsVectors.V71.VARIATION, "variation")).map(ForeignMessages.Verified::value)
                .contains(Map.of("resize_to_limit", List.of(100L, 100L), "format", "png"));
        assertThat(rails71.verify(RailsVectors.V71.UPLOAD, "blob_token")).map(ForeignMessages.Verified::value)
                .contains(Map.of("key", "ab/cdef", "content_type", "text/plain", "content_length", 5L, "checksum", "XUFAKrxLKna5cZ2REBfFkg==",
                        "service_name", "local"));
        assertThat(rails71.sign(42L, "blob_id", null)).isEqualTo(RailsVectors.V71.ID_42);
        assertThat(rails71.sign(42L, "blob_id", Instant.parse("2030-01-01T00:00:00Z"))).isEqualTo(RailsVectors.V71.ID_42_EXPIRING);
    }

    @Test
    void aMessageOfOneVersionIsNothingToTheOther() {
        assertThat(rails71.verify(RailsVectors.V61.ID_42, "blob_id")).isEmpty();
        assertThat(rails61.verify(RailsVectors.V71.ID_42, "blob_id")).isEmpty();
    }

    @Test
    void aWrongSecretFindsNothing() {
        RailsMessages other = RailsMessages.of(new RailsSettings("b".repeat(128), RailsSettings.Version.RAILS_6_1), clock(NOW));

        assertThat(other.verify(RailsVectors.V61.ID_42, "blob_id")).isEmpty();
    }

    @Test
    void anotherPurposeFindsNothing() {
        assertThat(rails61.verify(RailsVectors.V61.ID_42, "variation")).isEmpty();
        assertThat(rails61.verify(RailsVectors.V61.DOWNLOAD, "blob_token")).isEmpty();
        assertThat(rails71.verify(RailsVectors.V71.ID_42, "blob_key")).isEmpty();
    }

    @Test
    void anExpiredMessageFindsNothing() {
        assertThat(rails61.verify(RailsVectors.V61.ID_EXPIRED, "blob_id")).isEmpty();
        assertThat(messages("6.1", Instant.parse("2030-01-01T00:00:00Z")).verify(RailsVectors.V61.ID_42_EXPIRING, "blob_id")).isEmpty();
        assertThat(messages("7.1+", Instant.parse("2030-01-01T00:00:00Z")).verify(RailsVectors.V71.ID_42_EXPIRING, "blob_id")).isEmpty();
        assertThat(messages("6.1", Instant.parse("2029-12-31T23:59:59.999Z")).verify(RailsVectors.V61.ID_42_EXPIRING, "blob_id")).isPresent();
    }

    @Test
    void aTamperedDigestOrMessageFindsNothing() {
        String genuine = RailsVectors.V61.ID_42;
        String digest = genuine.substring(genuine.length() - 40);
        String flipped = genuine.substring(0, genuine.length() - 1) + (genuine.endsWith("d") ? "e" : "d");

        assertThat(rails61.verify(flipped, "blob_id")).isEmpty();
        assertThat(rails61.verify(genuine.substring(0, genuine.length() - 40) + digest.toUpperCase(), "blob_id")).isEmpty();
        assertThat(rails61.verify(genuine.substring(0, genuine.length() - 1), "blob_id")).isEmpty();
        assertThat(rails61.verify("x" + genuine, "blob_id")).isEmpty();
        assertThat(rails61.verify(genuine.replace("--", "-"), "blob_id")).isEmpty();
        assertThat(rails61.verify("--" + digest, "blob_id")).isEmpty();
        assertThat(rails61.verify(null, "blob_id")).isEmpty();
    }

    @Test
    void marshalDataThatIsNotAPlainValueIsRefused() {
        // Gem::Version, dumped with its class name: never deserialised
        assertThat(rails61.verify(RailsVectors.V61.OBJECT, "blob_id")).isEmpty();
        // each dumped by Ruby 3.1's Marshal
        for (String hex : List.of(
                "04086f3a0b4f626a65637400",                     // Object.new ('o')
                "04086608312e35",                               // 1.5, a Float
                "04087d006900",                                 // Hash.new(0), a hash with a default ('}')
                "040849220661063a0d656e636f64696e67220e53686966745f4a4953", // "a" in Shift_JIS
                "04085b065b065b065b065b065b066906",             // [[[[[[1]]]]]]: nested too deep
                "04085b075b0669064006",                         // [a, a] with a = [1]: a link to an array
                "0408692f00",                                   // 42 and a byte after it
                "0408",                                         // nothing
                "04096906")) {                                  // another Marshal version
            assertThat(MarshalReader.read(HexFormat.of().parseHex(hex))).as(hex).isEmpty();
        }
        assertThat(MarshalReader.read(HexFormat.of().parseHex("040869fed4fe"))).contains(-300L);
        // [s, s] with s = "a": the second is a link to the string
        assertThat(MarshalReader.read(HexFormat.of().parseHex("04085b0749220661063a0645544006"))).contains(List.of("a", "a"));
    }

    @Test
    void json71WithExtraFieldsOrFloatsIsRefused() {
        assertThat(rails71.verify(RailsVectors.V71.EXTRA_ENVELOPE_FIELD, "blob_id")).isEmpty();
        assertThat(rails71.verify(RailsVectors.V71.FLOAT_ID, "blob_id")).isEmpty();
    }

    private static RailsMessages messages(String version, Instant now) {
        return RailsMessages.of(RailsSettings.of(RailsVectors.SECRET_KEY_BASE, version), clock(now));
    }

    private static Clock clock(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }
}
