package dev.affix.http;

import dev.affix.blob.Blob;
import dev.affix.blob.BlobNotFoundException;
import dev.affix.blob.SignedIds;
import dev.affix.variant.NotRepresentableException;
import dev.affix.variant.Representation;
import dev.affix.variant.TransformationFailedException;
import dev.affix.variant.Transformations;
import dev.affix.variant.Variants;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET {prefix}/representations/(proxy|redirect)/{signed_blob_id}/{variation_key}/{filename}}: a
 * variant of an image, or of the preview of a PDF or video, made by the first request that asks for it
 * (once, however many ask at the same time) and then served as a blob is, by the route's
 * {@link BlobResponder.Delivery}.
 *
 * <p>Both tokens are verified before anything is looked up or made: a tampered, foreign or expired one
 * answers the bare 404 of a missing blob, and costs no more than that. So does a blob that has no
 * representations (not an image a processor reads, nothing a previewer draws, an SVG). A file that
 * cannot be transformed answers 422 naming the problem; Affix remembers the failure for a minute, so
 * that repeated requests do not run the decoder again.
 */
final class RepresentationEndpoint implements Endpoint {

    private static final System.Logger LOG = System.getLogger(RepresentationEndpoint.class.getName());

    private final ServingIds ids;
    private final Variants variants;
    private final ServingAuthorizer authorizer;
    private final BlobResponder.Delivery delivery;

    RepresentationEndpoint(ServingIds ids, Variants variants, ServingAuthorizer authorizer, BlobResponder.Delivery delivery) {
        this.ids = ids;
        this.variants = variants;
        this.authorizer = authorizer;
        this.delivery = delivery;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        Optional<SignedIds.Verified> id = ids.verify(pathValues.get(0));
        Optional<Transformations> transformations = variants.transformations(pathValues.get(1));
        if (id.isEmpty() || transformations.isEmpty()) {
            Responses.notFound(response);
            return;
        }
        Optional<ServingIds.Served> found = ids.find(id.get());
        if (found.isEmpty()) {
            Responses.notFound(response);
            return;
        }
        Blob original = found.get().blob();
        // the application decides by the original: it is what its records hold
        if (!authorizer.allows(request, original)) {
            Responses.bare(response, HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        Blob image;
        try {
            Representation representation = variants.representation(original, transformations.get());
            image = representation.processed();
        } catch (NotRepresentableException | BlobNotFoundException e) {
            // no image can be made of it, or the original was purged while it was being made
            Responses.notFound(response);
            return;
        } catch (TransformationFailedException e) {
            // the client may repeat it at will, and the failure is remembered: not worth a line each time at the default level
            LOG.log(System.Logger.Level.DEBUG, "no representation of blob " + original.id() + ": " + e.getMessage());
            Responses.error(response, 422, "this file cannot be shown as an image: " + e.getMessage());
            return;
        }
        delivery.deliver(request, response, image, found.get().expiresAt());
    }
}
