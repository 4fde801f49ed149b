package dev.backstop.dns;

import java.util.Locale;

/** Domain name text rules shared by the resolver and the SPF evaluator. */
public final class DnsNames {
    /** RFC 1035: 63 octets per label, 253 characters of text for a name without the trailing dot. */
    public static final int MAX_LABEL = 63;
    public static final int MAX_NAME = 253;

    private DnsNames() {
    }

    /** Lower case, without one trailing dot. */
    public static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /**
     * A name we may put in a query: at least two labels, none empty or longer than 63, at most 253 characters,
     * printable ASCII without spaces. Underscores and other characters are allowed since TXT owner names use them.
     */
    public static boolean isQueryable(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > MAX_NAME || n.indexOf('.') < 0) {
            return false;
        }
        int labelLength = 0;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c <= ' ' || c >= 127) {
                return false;
            }
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if (++labelLength > MAX_LABEL) {
                return false;
            }
        }
        return labelLength > 0;
    }
}
