package dev.backstop.batv;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The BATV keys by number (0 to 9) and which one signs. Rotation: add the next key and make it the signing
 * key; keep the old one (retired) for the validity period so the tags it made still verify, then drop it.
 */
public final class KeyRing {
    private final Map<Integer, BatvKey> keys;
    private final int signingKey;

    private KeyRing(Map<Integer, BatvKey> keys, int signingKey) {
        this.keys = keys;
        this.signingKey = signingKey;
    }

    /**
     * @throws IllegalArgumentException when two keys share a number or the signing key is missing or retired
     */
    public static KeyRing of(int signingKey, Collection<BatvKey> keys) {
        Map<Integer, BatvKey> byNumber = new TreeMap<>();
        for (BatvKey k : keys) {
            if (byNumber.put(k.number(), k) != null) {
                throw new IllegalArgumentException("two BATV keys with number " + k.number());
            }
        }
        BatvKey signing = byNumber.get(signingKey);
        if (signing == null) {
            throw new IllegalArgumentException("the signing key " + signingKey + " is not in the key ring " + byNumber.keySet());
        }
        if (signing.retiredAt() != null) {
            throw new IllegalArgumentException("the signing key " + signingKey + " is retired");
        }
        return new KeyRing(Map.copyOf(byNumber), signingKey);
    }

    public BatvKey signingKey() {
        return keys.get(signingKey);
    }

    public Optional<BatvKey> key(int number) {
        return Optional.ofNullable(keys.get(number));
    }

    @Override
    public String toString() {
        return "KeyRing[signing=" + signingKey + ", keys=" + new TreeMap<>(keys).values() + "]";
    }
}
