package dev.affix.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a previewer does with its target when it fails: removes what it wrote, so no partial preview is taken for one. */
final class PreviewTarget {

    private PreviewTarget() {
    }

    static void discard(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            // the target lies in the caller's private directory, which it deletes after a failure anyway
        }
    }
}
