package dev.affix.variant;

import dev.affix.blob.Blob;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One preview for a {@link Previewer}.
 *
 * @param blob   the blob, with its identified content type and its analysed metadata
 * @param source a private local copy of its bytes, checksum verified; read it, never keep or change it
 * @param target where to write the preview image: a path in a private directory, not yet existing
 * @param limits what the previewer must stop at
 */
public record PreviewRequest(Blob blob, Path source, Path target, ProcessingLimits limits) {

    public PreviewRequest {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(limits, "limits");
    }
}
