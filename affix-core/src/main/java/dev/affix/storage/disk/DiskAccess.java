package dev.affix.storage.disk;

import dev.affix.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Set;

/**
 * Who may read what a Disk service creates: folders {@code rwxr-x---} and files {@code rw-r-----},
 * set explicitly after creation so that the process umask can neither add group or world write nor
 * take away the group's read, and optionally a group (e.g. a Rails process's on the same host) that
 * owns every file and folder the service creates.
 */
final class DiskAccess {

    static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwxr-x---");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");
    /** Given at creation too, so that nothing is ever more open than this, even before the mode is set. */
    static final FileAttribute<Set<PosixFilePermission>> FOLDER_ATTRIBUTE = PosixFilePermissions.asFileAttribute(FOLDER_MODE);
    static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE = PosixFilePermissions.asFileAttribute(FILE_MODE);

    private final GroupPrincipal group;

    private DiskAccess(GroupPrincipal group) {
        this.group = group;
    }

    /**
     * The access for a service whose files belong to {@code groupName}, or to the process's own group
     * when it is null. An unknown group is a configuration error.
     */
    static DiskAccess forGroup(String serviceName, String groupName) {
        if (groupName == null) {
            return new DiskAccess(null);
        }
        try {
            return new DiskAccess(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(groupName));
        } catch (UserPrincipalNotFoundException e) {
            throw new ConfigurationException("Disk service '" + serviceName + "': group '" + groupName
                    + "' does not exist on this machine", e);
        } catch (IOException e) {
            throw new ConfigurationException("Disk service '" + serviceName + "': could not look up group '" + groupName
                    + "': " + e, e);
        }
    }

    /** The group files and folders are given, if one was configured. */
    GroupPrincipal group() {
        return group;
    }

    void folder(Path folder) throws IOException {
        apply(folder, FOLDER_MODE);
    }

    void file(Path file) throws IOException {
        apply(file, FILE_MODE);
    }

    private void apply(Path path, Set<PosixFilePermission> mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (group != null) {
            view.setGroup(group);
        }
        view.setPermissions(mode);
    }
}
