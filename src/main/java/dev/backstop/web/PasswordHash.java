package dev.backstop.web;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A slow salted password hash from the JDK: PBKDF2 with HMAC-SHA-256, stored as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64). The iteration count travels with the hash so it can be
 * raised later without invalidating stored passwords.
 */
final class PasswordHash {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256 is 600,000; at least 210,000 is required here. */
    static final int ITERATIONS = 600_000;
    static final int MIN_ITERATIONS = 210_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** Bounds the work a tampered file can ask for. */
    private static final int MAX_ITERATIONS = 10_000_000;

    private PasswordHash() {
    }

    static String hash(char[] password, SecureRandom random) {
        return hash(password, random, ITERATIONS);
    }

    static String hash(char[] password, SecureRandom random, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * True when {@code password} matches {@code stored}; false for a wrong password or a malformed or too weak
     * stored hash (never an exception: the login page treats both as "no").
     */
    static boolean verify(char[] password, String stored) {
        String[] p = stored.strip().split("\\$");
        if (p.length != 4 || !p[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(p[1]);
            if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                return false;
            }
            byte[] salt = Base64.getDecoder().decode(p[2]);
            byte[] expected = Base64.getDecoder().decode(p[3]);
            if (salt.length < 8 || expected.length != HASH_BITS / 8) {
                return false;
            }
            return MessageDigest.isEqual(expected, derive(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when {@code stored} looks like a hash this class wrote (format and strength). */
    static boolean wellFormed(String stored) {
        String[] p = stored.strip().split("\\$");
        try {
            return p.length == 4 && p[0].equals(PREFIX) && Integer.parseInt(p[1]) >= MIN_ITERATIONS
                    && Base64.getDecoder().decode(p[3]).length == HASH_BITS / 8;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    static void wipe(char[] password) {
        Arrays.fill(password, '\0');
    }
}
