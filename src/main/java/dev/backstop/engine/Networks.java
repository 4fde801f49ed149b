package dev.backstop.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of networks in CIDR notation ({@code 127.0.0.0/8}, {@code ::1}, {@code 2001:db8::/32}); a bare address
 * is a host. Parsing never resolves names.
 */
public final class Networks {
    private final List<byte[]> prefixes = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private final List<String> texts;

    private Networks(List<String> texts) {
        this.texts = List.copyOf(texts);
    }

    /**
     * @throws IllegalArgumentException naming the bad entry
     */
    public static Networks parse(List<String> cidrs) {
        Networks n = new Networks(cidrs);
        for (String c : cidrs) {
            String t = c.trim();
            int slash = t.indexOf('/');
            String addr = slash < 0 ? t : t.substring(0, slash);
            byte[] bytes = literal(addr);
            if (bytes == null) {
                throw new IllegalArgumentException("not an IP address or CIDR network: '" + c + "'");
            }
            int len = bytes.length * 8;
            if (slash >= 0) {
                try {
                    len = Integer.parseInt(t.substring(slash + 1));
                } catch (NumberFormatException e) {
                    len = -1;
                }
                if (len < 0 || len > bytes.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in '" + c + "'");
                }
            }
            n.prefixes.add(bytes);
            n.lengths.add(len);
        }
        return n;
    }

    /** True when {@code address} (an IP literal) lies in one of the networks; false for anything unparsable. */
    public boolean contains(String address) {
        byte[] a = literal(address);
        if (a == null) {
            return false;
        }
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] p = prefixes.get(i);
            if (p.length == a.length && matches(p, a, lengths.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] net, byte[] a, int len) {
        int full = len / 8;
        for (int i = 0; i < full; i++) {
            if (net[i] != a[i]) {
                return false;
            }
        }
        int rest = len % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (net[full] & mask) == (a[full] & mask);
    }

    /** The bytes of an IPv4 or IPv6 literal (brackets and an "IPv6:" prefix allowed), or null; never a DNS lookup. */
    static byte[] literal(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.regionMatches(true, 0, "IPv6:", 0, 5)) {
            t = t.substring(5);
        }
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = !v4 && t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+") && t.length() <= 64;
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            byte[] b = InetAddress.getByName(t).getAddress();
            // an IPv4-mapped IPv6 address compares as IPv4
            return b;
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return String.join(", ", texts);
    }
}
