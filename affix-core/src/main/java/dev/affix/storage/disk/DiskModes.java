package dev.affix.storage.disk;

import dev.affix.config.ConfigurationException;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The modes a Disk service gives the folders and files it creates ({@code folder_mode},
 * {@code file_mode}): {@code 0750} and {@code 0640} by default, so that the owner and the group (see
 * {@code group:}) read them and nobody else does. A process of another user outside the group, such
 * as a Rails application run by its own user, reads them with {@code 0755} and {@code 0644}. Whatever
 * is configured, nobody but the owner may write, no file is executable, and the owner keeps full use.
 */
public record DiskModes(Set<PosixFilePermission> folder, Set<PosixFilePermission> file) {

    private static final Set<PosixFilePermission> WRITE_BY_OTHERS = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> EXECUTE = EnumSet.of(PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    /** Declared after the sets its constructor checks against, which must exist when it is made. */
    public static final DiskModes DEFAULT = new DiskModes(PosixFilePermissions.fromString("rwxr-x---"),
            PosixFilePermissions.fromString("rw-r-----"));

    public DiskModes {
        folder = Set.copyOf(folder);
        file = Set.copyOf(file);
        if (!folder.containsAll(PosixFilePermissions.fromString("rwx------"))) {
            throw new ConfigurationException("folder_mode " + octal(folder) + " must give the owner rwx (7)");
        }
        if (!file.containsAll(PosixFilePermissions.fromString("rw-------"))) {
            throw new ConfigurationException("file_mode " + octal(file) + " must give the owner rw (6)");
        }
        if (folder.stream().anyMatch(WRITE_BY_OTHERS::contains) || file.stream().anyMatch(WRITE_BY_OTHERS::contains)) {
            throw new ConfigurationException("folder_mode " + octal(folder) + " and file_mode " + octal(file)
                    + " may not let the group or others write: only the service changes what it stores");
        }
        if (file.stream().anyMatch(EXECUTE::contains)) {
            throw new ConfigurationException("file_mode " + octal(file) + " may not make stored files executable");
        }
    }

    /** Modes written as octal text, {@code "0755"} or {@code "755"}; either may be null for its default. */
    public static DiskModes parse(String folderMode, String fileMode) {
        return new DiskModes(folderMode == null ? DEFAULT.folder : permissions("folder_mode", folderMode),
                fileMode == null ? DEFAULT.file : permissions("file_mode", fileMode));
    }

    private static Set<PosixFilePermission> permissions(String key, String text) {
        if (!text.matches("0?[0-7]{3}")) {
            throw new ConfigurationException(key + " '" + text + "' is not a mode: write three octal digits, quoted, e.g. \"0644\"");
        }
        int mode = Integer.parseInt(text, 8);
        StringBuilder symbolic = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift & 7;
            symbolic.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(symbolic.toString());
    }

    private static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }
}
