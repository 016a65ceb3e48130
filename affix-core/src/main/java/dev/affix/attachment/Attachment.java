package dev.affix.attachment;

import dev.affix.blob.Blob;
import java.time.Instant;

/** One file attached to one record under one name. */
public record Attachment(long id, String name, RecordRef record, Blob blob, Instant createdAt) {
}
