package dev.affix.storage.disk;

import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.UploadOptions;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a child JVM under a chosen umask by {@link DiskPermissionsTest}, since a JVM cannot change its
 * own: starts a Disk service on a root that does not exist yet and stores one object.
 *
 * <p>Arguments: the root, the key, and optionally the group.
 */
public final class DiskUnderUmask {

    private DiskUnderUmask() {
    }

    public static void main(String[] args) {
        DiskTokens tokens = new DiskTokens(new MessageSigner("umask-test-secret-0123456789", Clock.systemUTC()));
        DiskService disk = new DiskService("umask", Path.of(args[0]), false, false, args.length > 2 ? args[2] : null, tokens,
                HttpSettings.DEFAULT);
        disk.upload(args[1], new ByteArrayInputStream(new byte[] {1, 2, 3}), UploadOptions.defaults());
    }
}
