package dev.affix.http;

import dev.affix.Affix;
import dev.affix.storage.ObjectNotFoundException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Affix's HTTP endpoints, the routes of Rails Active Storage under the configured prefix
 * ({@code http.prefix}, {@code /affix} by default):
 * <pre>
 * GET  {prefix}/blobs/redirect/{signed_id}/{filename}                         302 to a short-lived service URL
 * GET  {prefix}/blobs/proxy/{signed_id}/{filename}                            the bytes, streamed, one Range at most
 * GET  {prefix}/representations/(redirect|proxy)/{signed_id}/{variation}/{filename}   404 until variants exist
 * GET  {prefix}/disk/{token}/{filename}                                       a Disk service's bytes by signed token
 * PUT  {prefix}/disk/{token}                                                  a direct upload into a Disk service
 * POST {prefix}/direct_uploads                                                creates a blob before a direct upload
 * </pre>
 * Map it to {@link #urlPattern()} in any Servlet 6 container. Every answer carries
 * {@code X-Content-Type-Options: nosniff}; anything not found, or named by a forged, expired or misused
 * token, gets the same empty 404.
 */
public final class AffixServlet extends HttpServlet {

    private static final System.Logger LOG = System.getLogger(AffixServlet.class.getName());

    private final String prefix;
    private final List<Route> routes;

    /** The endpoints with {@link EndpointOptions#defaults()} and {@link DirectUploadAuthorizer#ALLOW_ALL}. */
    public AffixServlet(Affix affix) {
        this(affix, EndpointOptions.defaults(), DirectUploadAuthorizer.ALLOW_ALL);
    }

    public AffixServlet(Affix affix, EndpointOptions options, DirectUploadAuthorizer authorizer) {
        Objects.requireNonNull(affix, "affix");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(authorizer, "authorizer");
        this.prefix = affix.config().http().prefix();
        ServingPolicy policy = new ServingPolicy(options.inlineContentTypes());
        ObjectResponder responder = new ObjectResponder(options.maxRangeBytes());
        DiskGrants grants = new DiskGrants(affix.services());
        Endpoint representations = new RepresentationEndpoint(affix.blobs());
        this.routes = List.of(
                new Route("GET", "blobs/redirect/{signed_id}/*", new BlobRedirectEndpoint(affix.blobs(), policy, options.redirectExpiry())),
                new Route("GET", "blobs/proxy/{signed_id}/*", new BlobProxyEndpoint(affix.blobs(), policy, responder)),
                new Route("GET", "representations/redirect/{signed_id}/{variation_key}/*", representations),
                new Route("GET", "representations/proxy/{signed_id}/{variation_key}/*", representations),
                new Route("GET", "disk/{token}/*", new DiskDownloadEndpoint(grants, policy, responder)),
                new Route("PUT", "disk/{token}", new DiskUploadEndpoint(grants)),
                new Route("POST", "direct_uploads", new DirectUploadsEndpoint(affix.blobs(), options, authorizer)));
    }

    /** The servlet mapping that puts the endpoints where Affix's URLs point: {@code {prefix}/*}. */
    public String urlPattern() {
        return prefix + "/*";
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        // the container has decoded and normalised the path; this works whatever the servlet is mapped to
        String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
        if (path.startsWith(prefix + "/")) {
            String below = path.substring(prefix.length() + 1);
            for (Route route : routes) {
                Optional<List<String>> values = route.match(request.getMethod(), below);
                if (values.isPresent()) {
                    handle(route, values.get(), request, response);
                    return;
                }
            }
        }
        Responses.notFound(response);
    }

    private void handle(Route route, List<String> pathValues, HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            route.endpoint().handle(request, response, pathValues);
        } catch (ObjectNotFoundException e) {
            // a blob whose bytes are gone answers like one that never existed
            replaceWith(response, HttpServletResponse.SC_NOT_FOUND, e);
        } catch (RuntimeException e) {
            // the route's pattern, not the request's path, which holds tokens
            LOG.log(System.Logger.Level.ERROR, "Affix endpoint " + route.method() + " " + prefix + "/" + route.pattern() + " failed", e);
            replaceWith(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, e);
        }
    }

    /** An empty answer with this status instead of whatever was begun, which tells the client nothing of the cause. */
    private static void replaceWith(HttpServletResponse response, int status, RuntimeException cause) {
        if (response.isCommitted()) {
            throw cause;
        }
        response.reset();
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setStatus(status);
        response.setContentLength(0);
    }
}
