package dev.backstop.batv;

/** What a BATV check of one address found. Only {@link #VALID} proves the bounce answers our mail. */
public enum BatvStatus {
    /** A tag made by one of our keys, not expired. */
    VALID,
    /** A correct tag whose expiry day has passed. */
    EXPIRED,
    /** A well-formed tag whose HMAC does not match: forged or altered. */
    BAD_SIGNATURE,
    /** A well-formed tag naming a key number we do not have (or retired past its grace). */
    UNKNOWN_KEY,
    /** No {@code prvs=} tag at all. */
    NOT_SIGNED,
    /** Starts with {@code prvs=} but is not {@code prvs=KDDDSSSSSS=local@domain}. */
    MALFORMED
}
