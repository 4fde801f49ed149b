package dev.backstop.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.dns.InMemoryDns;
import dev.backstop.dns.IpLiteral;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsblTest {
    private static InetAddress addr(String ip) {
        return IpLiteral.parse(ip).orElseThrow();
    }

    @Test
    void listedNotListedAndUnknownPerZone() {
        InMemoryDns dns = new InMemoryDns()
                .a("7.100.51.198.bl.example", "127.0.0.2", "127.0.0.4")
                .a("7.100.51.198.hijacked.example", "198.51.100.1")
                .a("7.100.51.198.refusing.example", "127.255.255.254")
                .timeout("7.100.51.198.slow.example");
        Dnsbl dnsbl = new Dnsbl(dns, List.of("bl.example", "other.example", "slow.example", "hijacked.example.", "refusing.example"));
        List<DnsblResult> results = dnsbl.check(addr("198.51.100.7"));
        assertThat(results).extracting(DnsblResult::zone)
                .containsExactly("bl.example", "other.example", "slow.example", "hijacked.example", "refusing.example");
        assertThat(results).extracting(DnsblResult::status).containsExactly(
                DnsblResult.Status.LISTED, DnsblResult.Status.NOT_LISTED, DnsblResult.Status.UNKNOWN,
                DnsblResult.Status.UNKNOWN, DnsblResult.Status.UNKNOWN);
        assertThat(results.get(0).codes()).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.2", "127.0.0.4");
        assertThat(results.get(2).detail()).contains("TIMEOUT");
        assertThat(dnsbl.isListedAnywhere(addr("198.51.100.7"))).isTrue();
        assertThat(dnsbl.isListedAnywhere(addr("198.51.100.8"))).isFalse();
        assertThat(dns.queries()).contains("A 8.100.51.198.bl.example");
    }

    @Test
    void ipv6UsesNibbles() {
        InMemoryDns dns = new InMemoryDns()
                .a("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.example", "127.0.0.2");
        Dnsbl dnsbl = new Dnsbl(dns, List.of("bl.example"));
        assertThat(dnsbl.check(addr("2001:db8::1")).get(0).isListed()).isTrue();
        assertThat(dnsbl.check(addr("2001:db8::2")).get(0).status()).isEqualTo(DnsblResult.Status.NOT_LISTED);
    }

    @Test
    void badZonesAreRefusedByName() {
        assertThatThrownBy(() -> new Dnsbl(new InMemoryDns(), List.of("bad zone"))).hasMessageContaining("'bad zone'");
        assertThatThrownBy(() -> new Dnsbl(new InMemoryDns(), List.of(""))).hasMessageContaining("dnsbl zone");
    }
}
