package dev.backstop.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IP address text, parsed strictly and without ever asking DNS ({@code InetAddress.getByName} would resolve
 * anything that is not a literal). IPv4-mapped IPv6 addresses come back as IPv4, as RFC 7208 5 wants.
 */
public final class IpLiteral {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IpLiteral() {
    }

    /** A dotted quad (no leading zeros beyond "0", each octet 0-255) or an IPv6 literal; anything else is empty. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    /** Only the dotted quad form. */
    public static Optional<InetAddress> parseV4(String text) {
        byte[] octets = new byte[4];
        int octet = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return Optional.empty(); // leading zero: ambiguous (octal in some parsers)
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return Optional.empty();
                }
            } else if (c == '.') {
                if (digits == 0 || octet == 4) {
                    return Optional.empty();
                }
                octets[octet++] = (byte) value;
                value = -1;
                digits = 0;
            } else {
                return Optional.empty();
            }
        }
        if (octet != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(octets));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Only IPv6 text (may end in a dotted quad); zone ids are refused. */
    public static Optional<InetAddress> parseV6(String text) {
        if (text.indexOf(':') < 0) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return Optional.empty();
            }
        }
        try {
            // The brackets make the JDK treat it as a literal and throw instead of falling back to a DNS lookup.
            return Optional.of(InetAddress.getByName("[" + text + "]"));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the address could be a client on the public internet: not loopback, private (RFC 1918), unique
     * local (fc00::/7), shared (100.64/10), link-local, unspecified, multicast or reserved (240/4). The
     * documentation ranges (192.0.2/24, 2001:db8::/32) count as public, so tests and examples can use them.
     */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second < 128) && first < 240;
        }
        return (b[0] & 0xfe) != 0xfc; // fc00::/7 unique local
    }

    /**
     * The address as the labels of a reverse name without the suffix: "4.3.2.1" for 1.2.3.4, 32 dot-separated
     * nibbles, least significant first, for IPv6. DNSBLs and PTR queries put their zone after it.
     */
    public static String reversed(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder(72);
        for (int i = b.length - 1; i >= 0; i--) {
            if (address instanceof Inet6Address) {
                sb.append(HEX[b[i] & 0x0f]).append('.').append(HEX[(b[i] >> 4) & 0x0f]).append('.');
            } else {
                sb.append(b[i] & 0xff).append('.');
            }
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /** RFC 7208 7.3 %{i}: dotted quad for IPv4, 32 dot-separated nibbles (most significant first) for IPv6. */
    public static String dotted(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder(64);
        for (byte x : b) {
            sb.append(HEX[(x >> 4) & 0x0f]).append('.').append(HEX[x & 0x0f]).append('.');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /** The reverse DNS name of an address, under in-addr.arpa or ip6.arpa. */
    public static String reverseName(InetAddress address) {
        return reversed(address) + (address instanceof Inet6Address ? ".ip6.arpa" : ".in-addr.arpa");
    }
}
