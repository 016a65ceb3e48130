package dev.affix.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/** The handler of one route. */
@FunctionalInterface
interface Endpoint {

    /** @param pathValues the route's variable segments, in order */
    void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException;
}
