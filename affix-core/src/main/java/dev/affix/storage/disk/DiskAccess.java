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
 * Who may read what a Disk service creates: folders and files get their {@link DiskModes} ({@code rwxr-x---}
 * and {@code rw-r-----} by default), set explicitly after creation so that the process umask can neither
 * add group or world write nor take away a read the modes give, and optionally a group (e.g. a Rails
 * process's on the same host) that owns every file and folder the service creates.
 */
final class DiskAccess {

    /** Given at creation, so that nothing is ever more open than the defaults before its mode is set. */
    static final FileAttribute<Set<PosixFilePermission>> FOLDER_ATTRIBUTE = PosixFilePermissions.asFileAttribute(DiskModes.DEFAULT.folder());
    static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE = PosixFilePermissions.asFileAttribute(DiskModes.DEFAULT.file());

    private final GroupPrincipal group;
    private final DiskModes modes;

    private DiskAccess(GroupPrincipal group, DiskModes modes) {
        this.group = group;
        this.modes = modes;
    }

    /**
     * The access for a service whose files belong to {@code groupName}, or to the process's own group
     * when it is null, with these modes. An unknown group is a configuration error.
     */
    static DiskAccess forGroup(String serviceName, String groupName, DiskModes modes) {
        if (groupName == null) {
            return new DiskAccess(null, modes);
        }
        try {
            return new DiskAccess(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(groupName), modes);
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
        apply(folder, modes.folder());
    }

    void file(Path file) throws IOException {
        apply(file, modes.file());
    }

    private void apply(Path path, Set<PosixFilePermission> mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (group != null) {
            view.setGroup(group);
        }
        view.setPermissions(mode);
    }
}
