package dev.affix.http;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether a request may create a direct upload: the application's check of the user's
 * session, CSRF token, quota, or what it expects to receive. Called after the declaration is
 * validated and before anything is created; a refusal answers 403.
 *
 * <p>{@link #ALLOW_ALL} is the default so that development works out of the box; an application on
 * the internet should set its own, or anyone can store files in its buckets.
 */
@FunctionalInterface
public interface DirectUploadAuthorizer {

    /** Allows every well-formed declaration within the configured limits. */
    DirectUploadAuthorizer ALLOW_ALL = (request, upload) -> true;

    boolean allows(HttpServletRequest request, DeclaredUpload upload);
}
