package dev.backstop.mta;

import java.util.regex.Pattern;

/**
 * Strict shapes of MTA queue ids. A queue id goes on a command line ({@code postsuper}, {@code exim -M*}) only
 * after one of these matched the whole string: no option-like leading dash, no {@code ALL}, no spaces or shell
 * metacharacters can get through.
 */
public final class QueueIds {

    /** Postfix short ids: upper-case hex (microseconds and inode number). */
    private static final Pattern POSTFIX_SHORT = Pattern.compile("[0-9A-F]{6,24}");
    /**
     * Postfix long ids ({@code enable_long_queue_ids}): time in base 52 without vowels, 'z', the inode number in
     * the same alphabet (which has no 'z').
     */
    private static final Pattern POSTFIX_LONG = Pattern.compile(
            "[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]{10,16}z[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]{1,16}");
    /** Exim up to 4.96: {@code 1tXyZa-000Abc-Qr}; from 4.97: 6, 11 and 4 base-62 digits. */
    private static final Pattern EXIM = Pattern.compile(
            "[0-9A-Za-z]{6}-(?:[0-9A-Za-z]{6}-[0-9A-Za-z]{2}|[0-9A-Za-z]{11}-[0-9A-Za-z]{4})");

    private QueueIds() {}

    public static boolean isPostfix(String id) {
        return id != null && (POSTFIX_SHORT.matcher(id).matches() || POSTFIX_LONG.matcher(id).matches());
    }

    public static boolean isExim(String id) {
        return id != null && EXIM.matcher(id).matches();
    }
}
