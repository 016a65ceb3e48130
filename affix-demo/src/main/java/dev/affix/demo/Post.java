package dev.affix.demo;

import dev.affix.attachment.AffixRecord;
import dev.affix.attachment.RecordRef;
import java.time.Instant;

/**
 * A post, a row of the demo's own {@code posts} table. Affix knows it as a record of type
 * {@code Post}: its files are declared as {@code Post.cover} and {@code Post.files} in application.yml.
 */
public record Post(long id, String title, String body, Instant createdAt) implements AffixRecord {

    /** The record type alias the declarations use: stable, unlike a class name. */
    public static final String TYPE = "Post";
    public static final String COVER = "cover";
    public static final String FILES = "files";

    @Override
    public RecordRef affixRecord() {
        return RecordRef.of(TYPE, id);
    }
}
