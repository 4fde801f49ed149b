package dev.backstop.web;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable tokens for session ids and CSRF; an interface so tests can fix them. */
@FunctionalInterface
interface Tokens {
    /** A fresh token, URL- and cookie-safe. */
    String next();

    /** 256 bits from {@link SecureRandom}, base64url. */
    static Tokens secure() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] b = new byte[32];
            random.nextBytes(b);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        };
    }
}
