package dev.backstop.bounce;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Lower-casing of a notice or diagnostic together with the clean-up that follows it, in one pass over an
 * all-ASCII text (most are). Any other text goes the plain way, {@code toLowerCase(Locale.ROOT)} and then the
 * clean-up, so the result is always the same. In C1-compiled code the JDK's lower-casing costs two calls
 * per character, a fifth of the stage search on long notices.
 */
final class LowerCase {
    private LowerCase() {}

    /** {@code s.toLowerCase(Locale.ROOT).replace("\r", "")}. */
    static String withoutCr(String s) {
        String fast = ascii(s, true, false);
        return fast != null ? fast : s.toLowerCase(Locale.ROOT).replace("\r", "");
    }

    /** {@code s.toLowerCase(Locale.ROOT).replace('\n', ' ').replace('\t', ' ')}. */
    static String oneLine(String s) {
        String fast = ascii(s, false, true);
        return fast != null ? fast : s.toLowerCase(Locale.ROOT).replace('\n', ' ').replace('\t', ' ');
    }

    /** Null when the text has a character outside ASCII. */
    private static String ascii(String s, boolean dropCr, boolean blankBreaks) {
        // The bytes of a Latin-1 string are one array copy (no char array): a character outside Latin-1 comes
        // out as '?' (or a pair of them as one), so a '?' counts only where the text has one.
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length != s.length()) {
            return null;
        }
        int k = 0;
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            if (c < 0 || c == '?' && s.charAt(i) != '?') {
                return null;
            }
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            } else if (c == '\r' && dropCr) {
                continue;
            } else if ((c == '\n' || c == '\t') && blankBreaks) {
                c = ' ';
            }
            b[k++] = c;
        }
        return new String(b, 0, k, StandardCharsets.ISO_8859_1);
    }
}
