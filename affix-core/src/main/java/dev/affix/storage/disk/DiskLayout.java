package dev.affix.storage.disk;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a Disk service keeps the file of a key below its root. {@link #SHARDED} (the default) puts it
 * two shard folders deep, {@code root/S1/S2/KEY}, so that millions of random keys never crowd one
 * folder; {@link #FLAT} puts it at {@code root/KEY}, as a bucket would, so that an existing tree (a
 * Paperclip {@code public/system} folder) is served where it lies.
 */
public enum DiskLayout {
    SHARDED,
    FLAT;

    /** The name in configuration: {@code sharded} or {@code flat}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The layout configured as {@code value}, if it is one. */
    public static Optional<DiskLayout> fromConfigName(String value) {
        return Arrays.stream(values()).filter(layout -> layout.configName().equals(value)).findFirst();
    }
}
