package dev.affix.variant;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One transformation for a {@link VariantProcessor}.
 *
 * @param source          a private local copy of the image, checksum verified; read it, never keep or change it
 * @param contentType     the source's identified content type
 * @param transformations what to do, already validated
 * @param format          the format to write
 * @param target          where to write the result: a path in a private directory, not yet existing
 * @param limits          what the processor must refuse or stop at
 */
public record TransformRequest(Path source, String contentType, Transformations transformations, OutputFormat format, Path target,
        ProcessingLimits limits) {

    public TransformRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(transformations, "transformations");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(limits, "limits");
    }
}
