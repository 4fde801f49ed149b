package dev.backstop.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {
    private static InetAddress addr(String s) {
        return IpLiteral.parse(s).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "a.b.c.d", "localhost",
            "example.com", "1.2.3.-4", "::g", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "[::1]", "1..2.3"})
    void nonLiteralsAreRefusedWithoutDns(String text) {
        assertThat(IpLiteral.parse(text)).isEmpty();
    }

    @Test
    void literals() {
        assertThat(addr("192.0.2.1").getHostAddress()).isEqualTo("192.0.2.1");
        assertThat(addr("0.0.0.0").getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(addr("2001:DB8::1").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(addr("::ffff:192.0.2.1")).isEqualTo(addr("192.0.2.1")); // mapped IPv4 is IPv4 (RFC 7208 5)
        assertThat(IpLiteral.parseV4("2001:db8::1")).isEmpty();
        assertThat(IpLiteral.parseV6("192.0.2.1")).isEmpty();
    }

    @Test
    void reverseForms() {
        assertThat(IpLiteral.reverseName(addr("192.0.2.1"))).isEqualTo("1.2.0.192.in-addr.arpa");
        assertThat(IpLiteral.reverseName(addr("2001:db8::1")))
                .isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
        assertThat(IpLiteral.dotted(addr("2001:db8::cb01")))
                .isEqualTo("2.0.0.1.0.d.b.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.c.b.0.1");
    }

    @Test
    void publicOrNot() {
        for (String p : List.of("192.0.2.1", "203.0.113.9", "8.8.8.8", "2001:db8::1", "2a00:1450::1")) {
            assertThat(IpLiteral.isPublic(addr(p))).as(p).isTrue();
        }
        for (String p : List.of("127.0.0.1", "10.1.1.1", "172.16.0.1", "192.168.1.1", "100.64.0.1", "169.254.1.1",
                "0.0.0.0", "224.0.0.1", "240.0.0.1", "::1", "fe80::1", "fd00::1", "fc00::1", "ff02::1")) {
            assertThat(IpLiteral.isPublic(addr(p))).as(p).isFalse();
        }
    }

    @Test
    void cidr() {
        Cidr net = Cidr.parse("192.0.2.128/25").orElseThrow();
        assertThat(net.contains(addr("192.0.2.200"))).isTrue();
        assertThat(net.contains(addr("192.0.2.127"))).isFalse();
        assertThat(net.contains(addr("2001:db8::1"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/31").orElseThrow().contains(addr("2001:db9:ffff::1"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/31").orElseThrow().contains(addr("2001:dba::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().contains(addr("198.51.100.1"))).isTrue();
        assertThat(Cidr.parse("192.0.2.1").orElseThrow().prefix()).isEqualTo(32);
        assertThat(Cidr.parse("192.0.2.1/33")).isEmpty();
        assertThat(Cidr.parse("192.0.2.1/")).isEmpty();
        assertThat(Cidr.parse("relay.example/24")).isEmpty();
        assertThatThrownBy(() -> new Cidr(addr("192.0.2.1"), 33)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lookupOutcomesAreConsistent() {
        assertThat(Lookup.found(List.of()).status()).isEqualTo(Lookup.Status.NO_DATA);
        assertThat(Lookup.nxdomain().status().isVoid()).isTrue();
        assertThat(Lookup.timeout("t").status().isError()).isTrue();
        assertThat(Lookup.failure("f").status().isVoid()).isFalse();
        assertThatThrownBy(() -> new Lookup<>(Lookup.Status.NXDOMAIN, List.of("x"), "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DnsNames.isQueryable("a.example")).isTrue();
        assertThat(DnsNames.isQueryable("example")).isFalse();
        assertThat(DnsNames.isQueryable("a..example")).isFalse();
        assertThat(DnsNames.isQueryable("a b.example")).isFalse();
        assertThat(DnsNames.isQueryable("x".repeat(64) + ".example")).isFalse();
    }
}
