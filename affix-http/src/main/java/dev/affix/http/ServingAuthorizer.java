package dev.affix.http;

import dev.affix.blob.Blob;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether a request may have a blob served: the application's check of the user's session
 * against the record the blob belongs to. Asked by the blob routes (proxy and redirect) once the
 * serving id is verified and the blob found, before any byte or service URL goes out, and by the
 * representation routes with the original blob, before its variant or preview is made; a refusal
 * answers a bare 403.
 *
 * <p>Why 403 rather than the 404 of a bad token: the request carries a genuine serving id, which
 * only the application hands out, so there is nothing left to hide about the blob; and a 403 lets a
 * page tell "sign in again" from "gone".
 *
 * <p>Disk URLs ({@code {prefix}/disk/{token}/…}) are not asked: they are what the redirect route
 * leads to once this authoriser allowed the blob, short-lived and signed for one key, like the
 * presigned URL of a cloud service (which Affix could not check either). A public Disk service's
 * URLs never expire: keep files that need this check in a private service.
 *
 * <p>With an authoriser other than {@link #ALLOW_ALL}, proxied answers are cached by the browser only
 * ({@code Cache-Control: private}): a shared cache would hand them to everyone without asking it.
 */
@FunctionalInterface
public interface ServingAuthorizer {

    /** Serves every blob to whoever holds its serving URL, as Rails Active Storage does. */
    ServingAuthorizer ALLOW_ALL = (request, blob) -> true;

    boolean allows(HttpServletRequest request, Blob blob);
}
