package dev.affix.variant;

/**
 * Turns an image file into a variant: decodes it (refusing what its limits forbid, judged from the
 * header before decoding), turns it upright, applies the transformations and writes the result.
 * Affix ships two: {@code vips} (libvips in process, JDK 22+) and {@code java} (pure JVM, any JDK);
 * {@code variant_processor: vips | java | auto} chooses, and an extension may register its own.
 *
 * <p>The file is hostile until proven otherwise: read only formats on the processor's allow-list,
 * never rasterise active formats (SVG, PostScript), never follow references to other files or URLs,
 * stop at {@link TransformRequest#limits()}, and keep no state between calls (one instance serves
 * every thread).
 */
public interface VariantProcessor {

    /** The name configuration uses: {@code vips}, {@code java}, … */
    String name();

    /** Whether this processor reads images of this identified content type; cheap, no I/O. */
    boolean reads(String contentType);

    /** Whether this processor writes this format. */
    boolean writes(OutputFormat format);

    /**
     * Writes the transformed image to {@link TransformRequest#target()}.
     *
     * @throws TransformationFailedException for a file it refuses or cannot decode, or when a limit is hit
     */
    void transform(TransformRequest request);
}
