package dev.backstop.web;

import java.util.Objects;

/**
 * One HTTP route. A path ending in {@code /*} matches exactly one more segment, given to the endpoint as
 * {@link Exchange#tail()}; so does one {@code /*}{@code /} in the middle ({@code /api/incidents/*}{@code /purge}).
 */
record Route(String method, String path, Access access, Endpoint endpoint) {

    /** What a route does with a request; exceptions become a 500 (store errors are counted). */
    @FunctionalInterface
    interface Endpoint {
        void handle(Exchange x) throws Exception;
    }

    Route {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new IllegalArgumentException("GET or POST: " + method);
        }
        if (method.equals("POST") && access != Access.ACTION && access != Access.PUBLIC) {
            throw new IllegalArgumentException("a POST route is an action: " + path);
        }
        if (method.equals("GET") && access == Access.ACTION) {
            throw new IllegalArgumentException("a GET route changes nothing: " + path);
        }
    }

    static Route page(String path, Endpoint e) {
        return new Route("GET", path, path.startsWith("/api/") ? Access.API : Access.PAGE, e);
    }

    static Route action(String path, Endpoint e) {
        return new Route("POST", path, Access.ACTION, e);
    }

    /** The tail segment when {@code requestPath} matches, else null. */
    String match(String requestPath) {
        int star = path.indexOf("/*/");
        if (star >= 0) {
            String prefix = path.substring(0, star + 1);
            String suffix = path.substring(star + 2);
            if (requestPath.startsWith(prefix) && requestPath.endsWith(suffix)
                    && requestPath.length() > prefix.length() + suffix.length()) {
                String segment = requestPath.substring(prefix.length(), requestPath.length() - suffix.length());
                return segment.indexOf('/') < 0 ? segment : null;
            }
            return null;
        }
        if (path.endsWith("/*")) {
            String prefix = path.substring(0, path.length() - 1);
            if (requestPath.startsWith(prefix) && requestPath.length() > prefix.length()
                    && requestPath.indexOf('/', prefix.length()) < 0) {
                return requestPath.substring(prefix.length());
            }
            return null;
        }
        return path.equals(requestPath) ? "" : null;
    }
}
