package dev.affix.http;

import dev.affix.Affix;
import dev.affix.blob.SignedIds;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.disk.DiskTokens;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Affix's HTTP endpoints, the routes of Rails Active Storage under the configured prefix
 * ({@code http.prefix}, {@code /affix} by default):
 * <pre>
 * GET  {prefix}/blobs/redirect/{signed_id}/{filename}                         302 to a short-lived service URL
 * GET  {prefix}/blobs/proxy/{signed_id}/{filename}                            the bytes, streamed, one Range at most
 * GET  {prefix}/representations/redirect/{signed_id}/{variation}/{filename}   302 to a service URL of the variant or preview
 * GET  {prefix}/representations/proxy/{signed_id}/{variation}/{filename}      the variant's or preview's bytes, made on first request
 * GET  {prefix}/disk/{token}/{filename}                                       a Disk service's bytes by signed token
 * PUT  {prefix}/disk/{token}                                                  a direct upload into a Disk service
 * POST {prefix}/direct_uploads                                                creates a blob before a direct upload, for the
 *                                                                             attachment an Affix-Attachment-Handle header names
 * POST {prefix}/tus/ · HEAD, PATCH, DELETE, GET {prefix}/tus/{token}          resumable uploads (tus 1.0, see TusEndpoint)
 * POST {prefix}/s3/multipart · GET, POST, DELETE {prefix}/s3/multipart/…      parts straight to S3, for Uppy (see S3MultipartEndpoint)
 * </pre>
 * Map it to {@link #urlPattern()} in any Servlet 6 container. Every answer carries
 * {@code X-Content-Type-Options: nosniff} and {@code Content-Security-Policy: default-src 'none'; sandbox};
 * every error answer is {@code Cache-Control: no-store} without validators. Anything not found, or named
 * by a forged, expired or misused token, gets the same empty 404.
 */
public final class AffixServlet extends HttpServlet {

    private static final System.Logger LOG = System.getLogger(AffixServlet.class.getName());

    private final String prefix;
    private final List<Route> routes;

    /** The endpoints with {@link EndpointOptions#defaults()} and hooks that allow everything. */
    public AffixServlet(Affix affix) {
        this(affix, EndpointOptions.defaults(), DirectUploadAuthorizer.ALLOW_ALL);
    }

    /** The endpoints serving every blob to whoever holds its URL, and rate-limiting (if configured) by remote address. */
    public AffixServlet(Affix affix, EndpointOptions options, DirectUploadAuthorizer authorizer) {
        this(affix, options, authorizer, ServingAuthorizer.ALLOW_ALL, ClientKey.REMOTE_ADDRESS);
    }

    /**
     * @param uploads decides who may create direct uploads
     * @param serving decides who may have a blob served through the blob and representation routes
     * @param clients names the client of a request for {@link EndpointOptions#directUploadRateLimit()}
     */
    public AffixServlet(Affix affix, EndpointOptions options, DirectUploadAuthorizer uploads, ServingAuthorizer serving, ClientKey clients) {
        Objects.requireNonNull(affix, "affix");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(uploads, "uploads");
        Objects.requireNonNull(serving, "serving");
        Objects.requireNonNull(clients, "clients");
        this.prefix = affix.config().http().prefix();
        Clock clock = affix.signer().clock();
        ServingPolicy policy = new ServingPolicy(options.inlineContentTypes());
        ObjectResponder responder = new ObjectResponder(options.maxRangeBytes(), clock);
        ServingIds ids = new ServingIds(new SignedIds(affix.signer()), affix.blobs());
        DiskGrants grants = new DiskGrants(new DiskTokens(affix.signer()), affix.services());
        // only when nobody is asked may a shared cache keep the answer: it would serve it without asking
        BlobResponder blobs = new BlobResponder(affix.blobs(), policy, responder, serving == ServingAuthorizer.ALLOW_ALL,
                options.redirectExpiry(), clock);
        Optional<DirectUploadRateLimiter> limiter = options.directUploadRateLimit().map(limit -> new DirectUploadRateLimiter(limit, clock));
        TusEndpoint tus = new TusEndpoint(affix.uploadSessions(), affix.blobs(), affix.declarations(), options, uploads, limiter, clients,
                prefix);
        S3MultipartEndpoint multipart = new S3MultipartEndpoint(affix.uploadSessions(), affix.blobs(), affix.declarations(), options, uploads,
                limiter, clients, prefix);
        this.routes = List.of(
                new Route("GET", "blobs/redirect/{signed_id}/*", new BlobEndpoint(ids, serving, blobs::redirect)),
                new Route("GET", "blobs/proxy/{signed_id}/*", new BlobEndpoint(ids, serving, blobs::proxy)),
                new Route("GET", "representations/redirect/{signed_id}/{variation_key}/*",
                        new RepresentationEndpoint(ids, affix.variants(), serving, blobs::redirect)),
                new Route("GET", "representations/proxy/{signed_id}/{variation_key}/*",
                        new RepresentationEndpoint(ids, affix.variants(), serving, blobs::proxy)),
                new Route("GET", "disk/{token}/*", new DiskDownloadEndpoint(grants, policy, responder)),
                new Route("PUT", "disk/{token}", new DiskUploadEndpoint(grants)),
                new Route("POST", "direct_uploads", new DirectUploadsEndpoint(affix.blobs(), affix.attachmentHandles(), options, uploads, limiter,
                        clients)),
                new Route("POST", "tus/", tus), new Route("POST", "tus", tus), new Route("OPTIONS", "tus/", tus),
                new Route("OPTIONS", "tus", tus), new Route("GET", "tus/{token}", tus), new Route("PATCH", "tus/{token}", tus),
                new Route("DELETE", "tus/{token}", tus), new Route("POST", "tus/{token}", tus), new Route("OPTIONS", "tus/{token}", tus),
                new Route("POST", "s3/multipart", multipart), new Route("GET", "s3/multipart/{upload_id}", multipart),
                new Route("DELETE", "s3/multipart/{upload_id}", multipart), new Route("GET", "s3/multipart/{upload_id}/{part}", multipart),
                new Route("POST", "s3/multipart/{upload_id}/{action}", multipart));
    }

    /** The servlet mapping that puts the endpoints where Affix's URLs point: {@code {prefix}/*}. */
    public String urlPattern() {
        return prefix + "/*";
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Responses.securityHeaders(response);
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
        } catch (ObjectNotFoundException | InvalidKeyException e) {
            // a blob whose bytes are gone, or a genuine token naming a key no service can hold, answers like one
            // that never existed: nothing went wrong on this side, so nothing is logged
            replaceWith(response, HttpServletResponse.SC_NOT_FOUND, e);
        } catch (RuntimeException e) {
            if (!response.isCommitted()) {
                // the route's pattern, not the request's path, which holds tokens; once committed, the failure
                // goes on to the container, which reports it as it aborts the connection
                LOG.log(System.Logger.Level.ERROR, "Affix endpoint " + route.method() + " " + prefix + "/" + route.pattern() + " failed", e);
            }
            replaceWith(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, e);
        } catch (IOException e) {
            // the client went away or the container failed to write: nobody is left to tell, nothing to log here
            replaceWith(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, e);
        }
    }

    /**
     * A bare error answer with this status instead of whatever was begun (its validators and cache headers
     * included), which tells the client nothing of the cause. Once the headers have gone out that is no longer
     * possible: the failure is rethrown so that the container aborts the connection, and the client sees a
     * broken answer rather than a short one it would take as complete.
     */
    private static <E extends Exception> void replaceWith(HttpServletResponse response, int status, E cause) throws E {
        if (response.isCommitted()) {
            throw cause;
        }
        response.reset();
        Responses.securityHeaders(response);
        Responses.bare(response, status);
    }
}
