package dev.affix.http;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Names the client a request comes from, for the direct-upload rate limit: requests with the same key
 * share one budget. {@link #REMOTE_ADDRESS} is the default; behind a proxy or load balancer, either
 * let the container resolve the real address (Tomcat's {@code RemoteIpValve}, Spring Boot's
 * {@code server.forward-headers-strategy}) or key by the signed-in user.
 */
@FunctionalInterface
public interface ClientKey {

    /** The address the connection comes from, as the container reports it. */
    ClientKey REMOTE_ADDRESS = HttpServletRequest::getRemoteAddr;

    String of(HttpServletRequest request);
}
