package dev.backstop.dns;

import java.net.InetAddress;

/**
 * The DNS queries Backstop needs. Implementations never throw for DNS outcomes: every query ends in a
 * {@link Lookup} whose status says found, NXDOMAIN, no data, timeout or failure. Names are absolute; a trailing
 * dot is optional.
 */
public interface Dns {

    /** TXT records; each value is one record's character-strings joined without separator (RFC 7208 3.3). */
    Lookup<String> txt(String name);

    /** A records. */
    Lookup<InetAddress> a(String name);

    /** AAAA records. */
    Lookup<InetAddress> aaaa(String name);

    /** MX records, sorted by preference. */
    Lookup<MxHost> mx(String name);

    /** PTR names of an address (in-addr.arpa / ip6.arpa), lower case, without the trailing dot. */
    Lookup<String> ptr(InetAddress address);

    /** A for an IPv4 address and AAAA for an IPv6 one: the lookup SPF's a/mx mechanisms need. */
    default Lookup<InetAddress> addresses(String name, boolean ipv6) {
        return ipv6 ? aaaa(name) : a(name);
    }
}
