package dev.backstop.mail;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/** Tolerant charset and RFC 2047 decoding: bad bytes become U+FFFD, unknown charsets fall back, nothing throws. */
public final class TextDecoding {
    private TextDecoding() {}

    /** Decodes bytes in the named charset; unknown or broken names fall back to UTF-8 / ISO-8859-1. */
    public static String decode(byte[] bytes, int length, String charsetName, Defects defects) {
        Charset cs = lookup(charsetName, defects);
        if ((cs == null || cs == StandardCharsets.ISO_8859_1 || cs == StandardCharsets.US_ASCII)
                && hasIso2022JpEscape(bytes, length)) {
            // Japanese mail is 7-bit ISO-2022-JP, often in parts that name no charset or US-ASCII
            Charset jp = lookup("iso-2022-jp", null);
            cs = jp != null ? jp : cs;
        }
        if (cs == null) {
            cs = looksLikeUtf8(bytes, length) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        }
        try {
            // the String constructor replaces bad input as a REPLACE decoder does, without its buffer copies
            return new String(bytes, 0, length, cs);
        } catch (Exception | Error e) { // some JDK decoders for exotic charsets throw on garbage
            if (defects != null) {
                defects.add("charset " + cs.name() + " failed to decode: " + e.getClass().getSimpleName());
            }
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    /** Decodes RFC 2047 encoded words in a header value, leaving it as it was if they are broken. */
    public static String decodeHeader(String value) {
        if (value.indexOf("=?") < 0) {
            return value;
        }
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return value;
        }
    }

    /** Charset look-ups by name; unknown names are expensive (a provider scan each time), so they are cached too. */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<Charset>> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHE_MAX = 256;

    private static Charset lookup(String name, Defects defects) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        java.util.Optional<Charset> hit = CACHE.get(n);
        if (hit == null) {
            hit = java.util.Optional.ofNullable(forName(n));
            if (CACHE.size() < CACHE_MAX) {
                CACHE.put(n, hit);
            }
        }
        if (hit.isEmpty() && defects != null) {
            defects.add("unknown charset " + (n.length() > 40 ? n.substring(0, 40) : n));
        }
        return hit.orElse(null);
    }

    private static Charset forName(String n) {
        if (n.equals("us-ascii") || n.equals("ascii") || n.equals("utf8")) {
            return n.equals("utf8") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(n);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** ESC $ B or ESC $ @: the switch to JIS X 0208 that ISO-2022-JP text starts with. */
    private static boolean hasIso2022JpEscape(byte[] b, int len) {
        for (int i = 0; i + 2 < len; i++) {
            if (b[i] == 0x1b && b[i + 1] == '$' && (b[i + 2] == 'B' || b[i + 2] == '@')) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksLikeUtf8(byte[] b, int len) {
        int i = 0;
        while (i < len) {
            int c = b[i] & 0xff;
            int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
            if (n < 0 || i + n >= len + (n == 0 ? 1 : 0) && n > 0) {
                return false;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= len || (b[i + k] & 0xc0) != 0x80) {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }
}
