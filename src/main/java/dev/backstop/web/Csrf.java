package dev.backstop.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The CSRF check of every state-changing request: the session's token must come back in the form field
 * {@link #FIELD} or the header {@link #HEADER}. Compared in constant time.
 */
final class Csrf {
    static final String FIELD = "csrf";
    static final String HEADER = "X-CSRF-Token";

    private Csrf() {
    }

    static boolean matches(String expected, String given) {
        if (expected == null || given == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * True when the browser says the request came from another site (Fetch Metadata). Older clients and curl send
     * no such header; for them the token alone decides.
     */
    static boolean crossSite(String secFetchSite) {
        return secFetchSite != null && secFetchSite.equalsIgnoreCase("cross-site");
    }
}
