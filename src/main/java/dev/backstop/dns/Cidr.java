package dev.backstop.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An IP network: an address and a prefix length. Addresses of the other family never match.
 *
 * @param network any address inside the network (host bits are ignored, as SPF's ip4/ip6 mechanisms want)
 * @param prefix  0-32 for IPv4, 0-128 for IPv6
 */
public record Cidr(InetAddress network, int prefix) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        int max = network.getAddress().length * 8;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix " + prefix + " outside 0-" + max);
        }
    }

    /** A single address. */
    public static Cidr of(InetAddress address) {
        return new Cidr(address, address.getAddress().length * 8);
    }

    /** "192.0.2.0/24", "2001:db8::/32" or a bare address; empty when it is neither. */
    public static Optional<Cidr> parse(String text) {
        int slash = text.indexOf('/');
        Optional<InetAddress> address = IpLiteral.parse(slash < 0 ? text : text.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        if (slash < 0) {
            return Optional.of(of(address.get()));
        }
        String digits = text.substring(slash + 1);
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(digits);
        if (prefix > address.get().getAddress().length * 8) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(address.get(), prefix));
    }

    public boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
