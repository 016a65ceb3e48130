package dev.affix.importer;

import java.time.Instant;

/**
 * One row of a Paperclip table for one attachment, as read: the id and the attachment's columns, as
 * text where a bad value must be reported rather than fail the read. {@code unreadable} says why a
 * column could not be read at all (null when all could).
 */
record SourceRow(String id, String fileName, String contentType, String fileSize, Instant updatedAt, String fingerprint,
        String unreadable) {
}
