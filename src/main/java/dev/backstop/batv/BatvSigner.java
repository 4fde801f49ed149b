package dev.backstop.batv;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies {@code prvs=KDDDSSSSSS=local@domain} per draft-levine-smtp-batv-01 section 4.1: K the key
 * number, DDD the expiry day (days since 1970-01-01 UTC, modulo 1000), SSSSSS the first three bytes in hex of
 * HMAC-SHA1(key, K DDD local@domain).
 *
 * <p>One deliberate choice the draft leaves open: the HMAC covers the address lower-cased, so a relay that
 * changes the case of the bounce address does not break the tag. For the usual all-lower-case address this is
 * exactly the draft's input; verification also accepts a tag made over the address in its original case, as
 * another implementation sharing the key would make it.
 */
public final class BatvSigner {
    /** The days a tag stays valid unless configured otherwise. */
    public static final int DEFAULT_VALIDITY_DAYS = 7;
    private static final int DAY_MODULUS = 1000;

    private final KeyRing keys;
    private final int validityDays;
    private final Clock clock;

    /**
     * @param validityDays 1 to 365: far below the 1000-day wrap of DDD, so an expired tag is never mistaken
     *                     for a fresh one
     */
    public BatvSigner(KeyRing keys, int validityDays, Clock clock) {
        if (validityDays < 1 || validityDays > 365) {
            throw new IllegalArgumentException("BATV validity must be 1..365 days, was " + validityDays);
        }
        this.keys = Objects.requireNonNull(keys, "keys");
        this.validityDays = validityDays;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public int validityDays() {
        return validityDays;
    }

    /**
     * The address with a fresh tag from the signing key. The null sender and an already tagged address are
     * returned unchanged: bounces must keep {@code <>}, and tagging twice would hide the first tag.
     *
     * @throws IllegalArgumentException when the address has no {@code local@domain} form
     */
    public String sign(String address) {
        String a = stripBrackets(address);
        if (a.isEmpty() || TaggedAddress.looksTagged(a)) {
            return a;
        }
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1) {
            throw new IllegalArgumentException("not an address of the form local@domain");
        }
        BatvKey key = keys.signingKey();
        int expiry = (int) Math.floorMod(today() + validityDays, (long) DAY_MODULUS);
        String kddd = key.number() + String.format(Locale.ROOT, "%03d", expiry);
        String hmac = hmacHex(key, kddd, a.toLowerCase(Locale.ROOT));
        return TaggedAddress.PREFIX + kddd + hmac + "=" + a;
    }

    /** Checks a tag; see {@link BatvStatus} for the outcomes. */
    public BatvOutcome verify(String address) {
        String a = stripBrackets(address);
        if (!TaggedAddress.looksTagged(a)) {
            return new BatvOutcome(BatvStatus.NOT_SIGNED, a, "no prvs tag");
        }
        TaggedAddress t = TaggedAddress.parse(a);
        if (t == null) {
            return new BatvOutcome(BatvStatus.MALFORMED, a, "not prvs=KDDDSSSSSS=local@domain");
        }
        BatvKey key = keys.key(t.keyNumber()).orElse(null);
        if (key == null) {
            return new BatvOutcome(BatvStatus.UNKNOWN_KEY, t.unsigned(), "no key number " + t.keyNumber());
        }
        String kddd = t.keyNumber() + String.format(Locale.ROOT, "%03d", t.day());
        String unsigned = t.unsigned();
        boolean match = constantTimeEquals(hmacHex(key, kddd, unsigned.toLowerCase(Locale.ROOT)), t.hmacHex())
                || constantTimeEquals(hmacHex(key, kddd, unsigned), t.hmacHex());
        if (!match) {
            return new BatvOutcome(BatvStatus.BAD_SIGNATURE, unsigned, "signature does not match (key " + t.keyNumber() + ")");
        }
        long today = today();
        // Days left until the expiry day, read on the 1000-day circle: 0..validity is live, anything else is
        // past (a tag cannot be from further in the future than one validity period).
        int left = (int) Math.floorMod(t.day() - today, (long) DAY_MODULUS);
        if (left > validityDays) {
            return new BatvOutcome(BatvStatus.EXPIRED, unsigned,
                    "expired " + (DAY_MODULUS - left) + " day(s) ago");
        }
        if (key.retiredAt() != null
                && clock.instant().isAfter(key.retiredAt().plus(Duration.ofDays(validityDays)))) {
            return new BatvOutcome(BatvStatus.UNKNOWN_KEY, unsigned,
                    "key " + t.keyNumber() + " was retired more than " + validityDays + " days ago");
        }
        return new BatvOutcome(BatvStatus.VALID, unsigned, "valid, key " + t.keyNumber() + ", " + left + " day(s) left");
    }

    private long today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
    }

    private static String hmacHex(BatvKey key, String kddd, String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA1"));
            byte[] h = mac.doFinal((kddd + address).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 3);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static String stripBrackets(String address) {
        String a = Objects.requireNonNull(address, "address").strip();
        if (a.length() >= 2 && a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1).strip();
        }
        return a;
    }

    @Override
    public String toString() {
        return "BatvSigner[" + keys + ", validityDays=" + validityDays + "]";
    }
}
