package dev.backstop.batv;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One numbered HMAC secret. A key may be retired: tags it made stay valid for the validity period after the
 * retirement instant, and no longer.
 */
public final class BatvKey {
    private final int number;
    private final byte[] secret;
    private final Instant retiredAt;

    private BatvKey(int number, byte[] secret, Instant retiredAt) {
        if (number < 0 || number > 9) {
            throw new IllegalArgumentException("BATV key number must be 0..9, was " + number);
        }
        if (secret.length < 16) {
            throw new IllegalArgumentException("BATV key " + number + " is shorter than 16 bytes");
        }
        this.number = number;
        this.secret = secret.clone();
        this.retiredAt = retiredAt;
    }

    /** A key whose secret is the UTF-8 bytes of {@code secret} (as the config and key file hold it). */
    public static BatvKey of(int number, String secret) {
        return new BatvKey(number, Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8), null);
    }

    public static BatvKey of(int number, byte[] secret) {
        return new BatvKey(number, secret, null);
    }

    /** The same key, retired at {@code when}. */
    public BatvKey retiredAt(Instant when) {
        return new BatvKey(number, secret, Objects.requireNonNull(when, "when"));
    }

    public int number() {
        return number;
    }

    /** When the key was retired, or null while it is in use. */
    public Instant retiredAt() {
        return retiredAt;
    }

    byte[] secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "BatvKey[number=" + number + ", secret=****" + (retiredAt == null ? "" : ", retiredAt=" + retiredAt) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatvKey k && k.number == number && Arrays.equals(k.secret, secret)
                && Objects.equals(k.retiredAt, retiredAt);
    }

    @Override
    public int hashCode() {
        return number;
    }
}
