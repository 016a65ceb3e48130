package dev.affix.http;

import dev.affix.Affix;
import dev.affix.blob.SignedIds;
import dev.affix.config.HttpSettings;
import dev.affix.variant.InvalidTransformationException;
import dev.affix.variant.Representation;
import dev.affix.variant.Transformations;
import dev.affix.variant.Variants;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The URLs through which pages show a variant or preview ({@code affix.one(post, "cover").variant("thumb")}):
 * {@code {prefix}/representations/(proxy|redirect)/{signed_blob_id}/{variation_key}/{filename}}. Building
 * one costs no processing: the image is made by the first request for it. The blob id is signed for
 * serving only, as in {@link BlobUrls}, and expires as its URLs do ({@code http.urls_expire_in}, or
 * the {@code Duration} a method is given); the variation key never expires.
 */
public final class RepresentationUrls {

    private final Affix affix;
    private final HttpSettings http;
    private final Optional<Duration> defaultExpiry;

    /** With the expiry of the configuration's {@code http.urls_expire_in}, if any. */
    public RepresentationUrls(Affix affix) {
        this(affix, EndpointOptions.from(affix.config().http()));
    }

    /** With the expiry of these options ({@link EndpointOptions#urlExpiry()}), e.g. the ones the servlet was given. */
    public RepresentationUrls(Affix affix, EndpointOptions options) {
        this.affix = Objects.requireNonNull(affix, "affix");
        this.http = affix.config().http();
        this.defaultExpiry = options.urlExpiry();
    }

    /** {@code {prefix}/representations/proxy/…}, relative to the application's root: the image streamed through the application. */
    public String proxyPath(Representation representation) {
        return http.prefix() + "/representations/proxy/" + tail(representation, defaultExpiry);
    }

    /** {@link #proxyPath(Representation)}, valid for {@code expiresIn} from now. */
    public String proxyPath(Representation representation, Duration expiresIn) {
        return http.prefix() + "/representations/proxy/" + tail(representation, BlobUrls.required(expiresIn));
    }

    /** {@code {prefix}/representations/redirect/…}, relative to the application's root: a 302 to the image's service URL. */
    public String redirectPath(Representation representation) {
        return http.prefix() + "/representations/redirect/" + tail(representation, defaultExpiry);
    }

    /** {@link #redirectPath(Representation)}, valid for {@code expiresIn} from now. */
    public String redirectPath(Representation representation, Duration expiresIn) {
        return http.prefix() + "/representations/redirect/" + tail(representation, BlobUrls.required(expiresIn));
    }

    /** {@link #proxyPath(Representation)} on {@code http.base_url}, for mails, feeds and jobs. */
    public URI proxyUrl(Representation representation) {
        return http.endpoint("/representations/proxy/" + tail(representation, defaultExpiry));
    }

    /** {@link #proxyUrl(Representation)}, valid for {@code expiresIn} from now. */
    public URI proxyUrl(Representation representation, Duration expiresIn) {
        return http.endpoint("/representations/proxy/" + tail(representation, BlobUrls.required(expiresIn)));
    }

    /** {@link #redirectPath(Representation)} on {@code http.base_url}. */
    public URI redirectUrl(Representation representation) {
        return http.endpoint("/representations/redirect/" + tail(representation, defaultExpiry));
    }

    /** {@link #redirectUrl(Representation)}, valid for {@code expiresIn} from now. */
    public URI redirectUrl(Representation representation, Duration expiresIn) {
        return http.endpoint("/representations/redirect/" + tail(representation, BlobUrls.required(expiresIn)));
    }

    /**
     * An {@code <img srcset>} of proxy paths: {@code "PATH 1x, PATH2 2x"}, where the 2x image is made with
     * every size doubled ({@link Transformations#scaled(int)}) for screens with twice the pixels. Where
     * doubling would ask for more than a transformation may, only the 1x.
     */
    public String srcset(Representation representation) {
        String once = proxyPath(representation) + " 1x";
        return doubled(representation).map(twice -> once + ", " + proxyPath(twice) + " 2x").orElse(once);
    }

    private Optional<Representation> doubled(Representation representation) {
        Transformations scaled;
        try {
            scaled = representation.transformations().scaled(2);
        } catch (InvalidTransformationException e) {
            return Optional.empty();
        }
        Variants variants = affix.variants();
        return Optional.of(representation.kind() == Representation.Kind.VARIANT ? variants.variant(representation.original(), scaled)
                : variants.preview(representation.original(), scaled));
    }

    private String tail(Representation representation, Optional<Duration> expiresIn) {
        return affix.blobs().signedId(representation.original(), SignedIds.SERVE, expiresIn.orElse(null)) + "/"
                + representation.variationKey() + "/" + BlobUrls.filenameSegment(representation.filename());
    }
}
