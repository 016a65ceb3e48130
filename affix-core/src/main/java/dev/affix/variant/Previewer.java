package dev.affix.variant;

import dev.affix.blob.Blob;

/**
 * Draws a preview image of a file that is not an image: a PDF's first page, a video's representative
 * frame, an audio file's waveform. Previewers form an ordered list, like analyzers; the first that
 * {@link #accepts} a blob draws its preview, which is stored as the blob's preview image (attached to
 * it as {@code preview_image}, as Rails does) and then transformed like any image.
 *
 * <p>The file is hostile: run tools with argument arrays and {@code dev.affix.tool.ExternalTool}'s
 * limits, never a shell; no network; stop at {@link PreviewRequest#limits()}; keep no state.
 */
public interface Previewer {

    /** The name configuration and logs use: {@code pdf}, {@code video}, {@code waveform}, … */
    String name();

    /** Whether this previewer draws the blob, usually by its identified content type (and its metadata); cheap, no I/O. */
    boolean accepts(Blob blob);

    /**
     * Writes the preview image to {@link PreviewRequest#target()} and says its format (PNG or JPEG).
     *
     * @throws TransformationFailedException when the file cannot be previewed (encrypted, no frames, a limit)
     */
    OutputFormat preview(PreviewRequest request);
}
