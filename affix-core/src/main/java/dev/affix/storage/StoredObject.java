package dev.affix.storage;

import dev.affix.checksum.Checksum;

/** What a service stored: the key, the exact size, and the checksum computed while writing. */
public record StoredObject(String key, long byteSize, Checksum checksum) {
}
