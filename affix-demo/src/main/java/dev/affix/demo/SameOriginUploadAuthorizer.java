package dev.affix.demo;

import dev.affix.http.DeclaredUpload;
import dev.affix.http.DirectUploadAuthorizer;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Lets only the demo's own pages create direct uploads: the browser must say the request comes from
 * the demo's origin ({@code Origin}, which browsers send with every POST), and, where it says more
 * ({@code Sec-Fetch-Site}), that it is same-origin rather than merely same-site.
 *
 * <p>The CSRF token is not checked here: Spring Security's CSRF filter (see {@link SecurityConfiguration})
 * runs before the Affix servlet and refuses, with 403, every {@code POST {prefix}/direct_uploads}
 * whose {@code X-CSRF-Token} header is not the session's token. This class relies on that filter
 * and adds what the token alone does not say: which page sent the request.
 */
public final class SameOriginUploadAuthorizer implements DirectUploadAuthorizer {

    private final SiteOrigin site;

    public SameOriginUploadAuthorizer(SiteOrigin site) {
        this.site = site;
    }

    @Override
    public boolean allows(HttpServletRequest request, DeclaredUpload upload) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        return site.isNamedBy(request.getHeader("Origin")) && (fetchSite == null || fetchSite.equals("same-origin"));
    }
}
