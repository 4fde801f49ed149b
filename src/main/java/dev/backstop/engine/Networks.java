package dev.backstop.engine;

import dev.backstop.dns.Cidr;
import dev.backstop.dns.IpLiteral;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A list of networks in CIDR notation ({@code 127.0.0.0/8}, {@code ::1}, {@code 2001:db8::/32}); a bare address
 * is a host. Nothing here ever resolves a name.
 */
public final class Networks {
    private final List<Cidr> cidrs;

    private Networks(List<Cidr> cidrs) {
        this.cidrs = List.copyOf(cidrs);
    }

    /**
     * @throws IllegalArgumentException naming the bad entry
     */
    public static Networks parse(List<String> texts) {
        List<Cidr> out = new ArrayList<>();
        for (String t : texts) {
            out.add(Cidr.parse(t.trim()).orElseThrow(
                    () -> new IllegalArgumentException("not an IP address or CIDR network: '" + t + "'")));
        }
        return new Networks(out);
    }

    /** True when {@code address} (an IP literal, brackets and "IPv6:" allowed) lies in one of the networks. */
    public boolean contains(String address) {
        Optional<InetAddress> a = literal(address);
        return a.isPresent() && cidrs.stream().anyMatch(c -> c.contains(a.get()));
    }

    static Optional<InetAddress> literal(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.regionMatches(true, 0, "IPv6:", 0, 5)) {
            t = t.substring(5);
        }
        return IpLiteral.parse(t);
    }

    @Override
    public String toString() {
        return cidrs.toString();
    }
}
