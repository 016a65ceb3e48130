package dev.affix.attachment;

/** Implemented by an application's record class to tell Affix its type alias and id. */
public interface AffixRecord {
    RecordRef affixRecord();
}
