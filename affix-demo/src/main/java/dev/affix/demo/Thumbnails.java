package dev.affix.demo;

import dev.affix.Affix;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.Declarations;
import dev.affix.blob.Blob;
import dev.affix.http.RepresentationUrls;
import dev.affix.variant.NamedVariant;
import dev.affix.variant.Representation;
import dev.affix.variant.Variants;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Makes the pages' {@link Thumbnail}s from the variants that application.yml declares for each slot
 * ({@code Post.cover}: {@code thumb}, {@code hero}; {@code Post.files}: {@code thumb}). It builds URLs
 * only: a page never waits for an image to be made.
 */
@Component
public class Thumbnails {

    private final Variants variants;
    private final Declarations declarations;
    private final RepresentationUrls urls;

    public Thumbnails(Affix affix) {
        this.variants = affix.variants();
        this.declarations = affix.declarations();
        this.urls = new RepresentationUrls(affix);
    }

    /** Which of these files' variants and previews have been made: one query for a whole page. */
    public Made made(Collection<Blob> blobs) {
        return new Made(blobs.isEmpty() ? Map.of() : variants.processedImages(blobs));
    }

    /**
     * The attached file's variant {@code name}, as its slot declares it; empty for a file that has no
     * representations (not an image, PDF or video a processor or previewer takes) or a slot without it.
     */
    public Optional<Thumbnail> of(Attachment attachment, String name, Made made) {
        Blob blob = attachment.blob();
        Optional<NamedVariant> variant = Optional.ofNullable(declarations.require(Post.TYPE, attachment.name()).variants().get(name));
        if (variant.isEmpty() || !variants.representable(blob)) {
            return Optional.empty();
        }
        Representation representation = variants.representation(blob, variant.get().transformations());
        Optional<Thumbnail.Size> size = Thumbnail.predictedSize(blob.metadata(), variant.get().transformations());
        return Optional.of(new Thumbnail(urls.proxyPath(representation), urls.srcset(representation),
                size.map(Thumbnail.Size::width).orElse(0), size.map(Thumbnail.Size::height).orElse(0),
                made.has(blob, variant.get()), representation.kind() == Representation.Kind.PREVIEW));
    }

    /** The made images of a page's files, by blob id and variation digest. */
    public record Made(Map<Long, Map<String, Blob>> images) {

        boolean has(Blob blob, NamedVariant variant) {
            return images.getOrDefault(blob.id(), Map.of()).containsKey(variant.transformations().digest());
        }
    }
}
