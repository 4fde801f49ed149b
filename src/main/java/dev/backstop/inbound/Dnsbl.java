package dev.backstop.inbound;

import dev.backstop.dns.Dns;
import dev.backstop.dns.DnsNames;
import dev.backstop.dns.IpLiteral;
import dev.backstop.dns.Lookup;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Asks DNS blocklists (for Backstop: backscatter lists such as {@code ips.backscatterer.org}) about the host that
 * sent us a bounce. The query is the address reversed in front of the zone (octets for IPv4, nibbles for IPv6);
 * an A record in 127.0.0.0/8 means listed, NXDOMAIN (or no A record) means not listed. A timeout or failure is
 * unknown, never "not listed"; so is an answer outside 127/8 (a hijacking resolver) or 127.255.255.x, which
 * several lists use to say "you are querying through a public resolver, refused".
 */
public final class Dnsbl {
    private final Dns dns;
    private final List<String> zones;

    /** @param zones validated here: an unusable zone name is an IllegalArgumentException naming it */
    public Dnsbl(Dns dns, List<String> zones) {
        this.dns = Objects.requireNonNull(dns, "dns");
        List<String> normalized = new ArrayList<>();
        for (String zone : zones) {
            String z = zone == null ? "" : DnsNames.normalize(zone.trim());
            if (!DnsNames.isQueryable("a.0." + z) || z.isEmpty()) {
                throw new IllegalArgumentException("dnsbl zone '" + zone + "' is not a domain name");
            }
            normalized.add(z);
        }
        this.zones = List.copyOf(normalized);
    }

    public List<String> zones() {
        return zones;
    }

    /** One result per configured zone, in order. */
    public List<DnsblResult> check(InetAddress address) {
        Objects.requireNonNull(address, "address");
        List<DnsblResult> results = new ArrayList<>(zones.size());
        for (String zone : zones) {
            results.add(check(address, zone));
        }
        return results;
    }

    /** Listed on any zone. */
    public boolean isListedAnywhere(InetAddress address) {
        return check(address).stream().anyMatch(DnsblResult::isListed);
    }

    private DnsblResult check(InetAddress address, String zone) {
        String name = IpLiteral.reversed(address) + "." + zone;
        Lookup<InetAddress> l = dns.a(name);
        switch (l.status()) {
            case NXDOMAIN:
            case NO_DATA:
                return new DnsblResult(zone, DnsblResult.Status.NOT_LISTED, List.of(), "");
            case TIMEOUT:
            case FAILURE:
                return new DnsblResult(zone, DnsblResult.Status.UNKNOWN, List.of(), l.status() + ": " + l.detail());
            default:
                break;
        }
        List<InetAddress> codes = new ArrayList<>();
        for (InetAddress a : l.values()) {
            byte[] b = a.getAddress();
            boolean listing = a instanceof Inet4Address && (b[0] & 0xff) == 127 && (b[1] & 0xff) != 255;
            if (!listing) {
                return new DnsblResult(zone, DnsblResult.Status.UNKNOWN, List.of(),
                        "answer " + a.getHostAddress() + " is not a listing code");
            }
            codes.add(a);
        }
        return new DnsblResult(zone, DnsblResult.Status.LISTED, codes, "");
    }
}
