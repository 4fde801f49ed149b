package dev.backstop.batv;

import java.security.SecureRandom;

/** Where new key secrets come from; tests supply fixed bytes. */
@FunctionalInterface
interface SecretSource {
    byte[] next(int length);

    static SecretSource secureRandom() {
        SecureRandom random = new SecureRandom();
        return length -> {
            byte[] b = new byte[length];
            random.nextBytes(b);
            return b;
        };
    }
}
