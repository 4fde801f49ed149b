package dev.backstop.demo;

import dev.backstop.dns.Dns;
import dev.backstop.dns.DnsNames;
import dev.backstop.dns.Lookup;
import dev.backstop.dns.MxHost;
import java.net.InetAddress;
import java.util.List;

/**
 * The demo's DNS, answered in memory so the demo needs no network: the SPF record of the story's hosting
 * domain, which says its mail leaves only through its own relay. Every other name does not exist.
 */
public final class DemoZone implements Dns {
    /** The hosted domain whose users the story follows. */
    public static final String DOMAIN = "shop.example";
    /** The one relay our mail leaves through (a documentation address, RFC 5737). */
    public static final String RELAY_IP = "203.0.113.10";
    public static final String RELAY_HOST = "mail." + DOMAIN;
    static final String SPF = "v=spf1 ip4:" + RELAY_IP + " -all";

    @Override
    public Lookup<String> txt(String name) {
        return DnsNames.normalize(name).equals(DOMAIN) ? Lookup.found(List.of(SPF)) : Lookup.nxdomain();
    }

    @Override
    public Lookup<InetAddress> a(String name) {
        return Lookup.nxdomain();
    }

    @Override
    public Lookup<InetAddress> aaaa(String name) {
        return Lookup.nxdomain();
    }

    @Override
    public Lookup<MxHost> mx(String name) {
        return Lookup.nxdomain();
    }

    @Override
    public Lookup<String> ptr(InetAddress address) {
        return Lookup.nxdomain();
    }
}
