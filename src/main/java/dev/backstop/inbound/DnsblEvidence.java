package dev.backstop.inbound;

import java.util.List;

/** The host that sent us the bounce is on a backscatter blocklist: weak evidence, never enough on its own. */
public final class DnsblEvidence implements EvidenceSource {
    private final Dnsbl dnsbl;

    public DnsblEvidence(Dnsbl dnsbl) {
        this.dnsbl = dnsbl;
    }

    @Override
    public void collect(BounceCandidate c, List<Evidence> out) {
        dev.backstop.dns.IpLiteral.parse(c.clientAddress()).ifPresent(ip -> {
            for (DnsblResult r : dnsbl.check(ip)) {
                switch (r.status()) {
                    case LISTED -> out.add(Evidence.backscatter("dnsbl", Evidence.Strength.WEAK,
                            c.clientAddress() + " is listed in " + r.zone()));
                    case UNKNOWN -> out.add(Evidence.note("dnsbl", r.zone() + " did not answer: " + r.detail()));
                    default -> { }
                }
            }
        });
    }
}
