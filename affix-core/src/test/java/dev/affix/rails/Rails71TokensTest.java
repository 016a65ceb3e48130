package dev.affix.rails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.SignedIds;
import dev.affix.config.RailsSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.Disposition;
import dev.affix.storage.disk.DiskTokens;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The 7.1+ format behind signed ids and Disk tokens (vectors re-enacted from Rails 7.1's source: {@link RailsVectors}). */
class Rails71TokensTest {

    private final Clock clock = Clock.fixed(Instant.parse("2029-12-31T00:00:00Z"), ZoneOffset.UTC);
    private final MessageSigner signer = new MessageSigner("rails-71-test-secret", clock,
            RailsMessages.of(RailsSettings.of(RailsVectors.SECRET_KEY_BASE, "7.1+"), clock));

    @Test
    void idsAndTokensOfRails71AreRead() {
        assertThat(new SignedIds(signer).read(RailsVectors.V71.ID_42, SignedIds.SERVE)).map(SignedIds.Verified::blobId).contains(42L);
        assertThat(new DiskTokens(signer).verifyDownload(RailsVectors.V71.DOWNLOAD))
                .contains(new DiskTokens.DownloadGrant("local", "u-8/avatar.png", "my cat.png", Disposition.INLINE, "image/png"));
        assertThat(new DiskTokens(signer).verifyUpload(RailsVectors.V71.UPLOAD)).map(DiskTokens.UploadGrant::byteSize).contains(5L);
    }

    @Test
    void extraFieldsAndOtherTypesAreRefused() {
        assertThat(new DiskTokens(signer).verifyDownload(RailsVectors.V71.EXTRA_TOKEN_FIELD)).isEmpty();
        assertThat(new SignedIds(signer).read(RailsVectors.V71.EXTRA_ENVELOPE_FIELD, SignedIds.BLOB_ID)).isEmpty();
        assertThat(new SignedIds(signer).read(RailsVectors.V71.FLOAT_ID, SignedIds.BLOB_ID)).isEmpty();
        assertThat(new SignedIds(signer).read(RailsVectors.V71.VARIATION, SignedIds.BLOB_ID)).isEmpty();
    }
}
