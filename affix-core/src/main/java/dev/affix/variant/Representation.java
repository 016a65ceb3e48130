package dev.affix.variant;

import dev.affix.blob.Blob;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An image made from a blob by a transformation: a {@link Kind#VARIANT} of an image, or a variant of
 * the {@link Kind#PREVIEW} image of a PDF, video or audio file. Knowing it costs nothing: it is made on
 * {@link #processed()} (once, however many ask at the same time) and kept, as a blob attached to a
 * variant record, until its original is purged.
 */
public final class Representation {

    /** What the image is made from. */
    public enum Kind {
        /** The blob is an image: the transformations apply to it. */
        VARIANT,
        /** The blob is previewed first (a PDF's page, a video's frame), and the transformations apply to that image. */
        PREVIEW
    }

    private final Variants variants;
    private final Blob original;
    private final Transformations transformations;
    private final Kind kind;

    Representation(Variants variants, Blob original, Transformations transformations, Kind kind) {
        this.variants = variants;
        this.original = Objects.requireNonNull(original, "original");
        this.transformations = Objects.requireNonNull(transformations, "transformations");
        this.kind = kind;
    }

    public Blob original() {
        return original;
    }

    public Transformations transformations() {
        return transformations;
    }

    public Kind kind() {
        return kind;
    }

    /** The signed key that names the transformations in URLs. */
    public String variationKey() {
        return variants.variationKey(transformations);
    }

    /** The format the image is written in. */
    public OutputFormat format() {
        return variants.formatFor(kind == Kind.VARIANT ? original.contentType() : OutputFormat.PNG.contentType(), transformations);
    }

    /** The original's filename with the image's extension, e.g. {@code photo.webp}: how URLs and downloads name it. */
    public String filename() {
        String name = original.filename();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + "." + format().extension();
    }

    /** The image if it has been made, without making it: one query. */
    public Optional<Blob> image() {
        return variants.image(this);
    }

    /** Whether the image has been made. */
    public boolean isProcessed() {
        return image().isPresent();
    }

    /**
     * The image, made now if it has not been: downloaded, transformed, stored beside the original and
     * recorded. Concurrent calls for the same image in this process make it once and all get it.
     *
     * @throws TransformationFailedException if the file cannot be transformed (it is not tried again for a minute)
     */
    public Blob processed() {
        return variants.process(this);
    }

    /**
     * {@link #processed()}, reading the original's bytes from {@code verifiedCopy} instead of
     * downloading them: for a caller that has just stored them and kept a copy whose checksum it
     * verified (an attach with variants declared {@code process: immediately}).
     */
    public Blob processedFrom(Path verifiedCopy) {
        return variants.process(this, Objects.requireNonNull(verifiedCopy, "verifiedCopy"));
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " of blob " + original.id() + " " + transformations;
    }
}
