package dev.affix.storage.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers folders below a Disk root that were seen to be real: reached without a symbolic link,
 * and outside {@code .tmp}. Resolving a path's real location costs a system call per folder on the
 * way; a folder checked once is trusted afterwards, so serving a small file costs one {@code lstat}.
 *
 * <p>Only a process that can already write into the root could later swap a remembered folder for a
 * link; uploads never create links. The memory is bounded: past {@value #LIMIT} folders it starts over.
 */
final class RealFolders {

    static final int LIMIT = 50_000;

    private final Path realRoot;
    private final Path tmp;
    private final Set<Path> seen = ConcurrentHashMap.newKeySet();

    RealFolders(Path realRoot, Path tmp) {
        this.realRoot = realRoot;
        this.tmp = tmp;
    }

    /** Whether {@code folder}, a path built under the real root, is where it says, with no link on the way. */
    boolean isReal(Path folder) {
        if (seen.contains(folder)) {
            return true;
        }
        if (!folder.startsWith(realRoot) || folder.startsWith(tmp)) {
            return false;
        }
        try {
            if (!folder.toRealPath().equals(folder)) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        if (seen.size() >= LIMIT) {
            seen.clear();
        }
        seen.add(folder);
        return true;
    }
}
