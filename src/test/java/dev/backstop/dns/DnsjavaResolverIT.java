package dev.backstop.dns;

import dev.backstop.testing.TestDns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DnsjavaResolver over real UDP against a loopback server: each outcome kind, and the timeout. */
class DnsjavaResolverIT {
    private TestDns server;
    private DnsjavaResolver dns;

    @BeforeEach
    void start() throws Exception {
        server = TestDns.start()
                .txt("example.com", "v=spf1 ", "ip4:192.0.2.1 -all")
                .txt("example.com", "other")
                .a("example.com", "192.0.2.10").a("example.com", "2001:db8::10")
                .mx("example.com", 20, "mx2.example.com").mx("example.com", 10, "mx1.example.com")
                .ptr("192.0.2.10", "host.example.com")
                .a("only-v4.example.com", "192.0.2.11")
                .servfail("broken.example.com")
                .silent("slow.example.com");
        dns = DnsjavaResolver.at(server.address(), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void foundAnswersCarryTheRecords() {
        assertThat(dns.txt("example.com").values()).containsExactlyInAnyOrder("v=spf1 ip4:192.0.2.1 -all", "other");
        assertThat(dns.a("example.com").values()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.10");
        assertThat(dns.aaaa("example.com.").values()).extracting(a -> a.getHostAddress()).containsExactly("2001:db8:0:0:0:0:0:10");
        assertThat(dns.mx("example.com").values()).containsExactly(new MxHost(10, "mx1.example.com"), new MxHost(20, "mx2.example.com"));
        assertThat(dns.ptr(IpLiteral.parse("192.0.2.10").orElseThrow()).values()).containsExactly("host.example.com");
    }

    @Test
    void nxdomainNoDataAndFailureAreDistinct() {
        assertThat(dns.a("missing.example.com").status()).isEqualTo(Lookup.Status.NXDOMAIN);
        assertThat(dns.aaaa("only-v4.example.com").status()).isEqualTo(Lookup.Status.NO_DATA);
        assertThat(dns.a("broken.example.com").status()).isEqualTo(Lookup.Status.FAILURE);
        assertThat(dns.a("broken.example.com").detail()).contains("SERVFAIL");
        assertThat(dns.a("bad..name").status()).isEqualTo(Lookup.Status.FAILURE);
    }

    @Test
    void silenceIsATimeoutWithinTheConfiguredTime() {
        long start = System.nanoTime();
        Lookup<String> l = dns.txt("slow.example.com");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(l.status()).isEqualTo(Lookup.Status.TIMEOUT);
        assertThat(millis).isBetween(400L, 1500L);
        assertThat(server.queries()).contains("slow.example.com./TXT");
    }

    @Test
    void configTextIsParsedOrRefusedWithTheValue() {
        assertThat(DnsjavaResolver.parseServer("127.0.0.1:5353")).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
        assertThat(DnsjavaResolver.parseServer("127.0.0.1").getPort()).isEqualTo(53);
        assertThat(DnsjavaResolver.parseServer("[::1]:54").getPort()).isEqualTo(54);
        assertThat(DnsjavaResolver.parseServer("::1").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThatThrownBy(() -> DnsjavaResolver.parseServer("dns.example.com")).hasMessageContaining("dns.example.com");
        assertThatThrownBy(() -> DnsjavaResolver.parseServer("127.0.0.1:99999")).hasMessageContaining("99999");
        assertThatThrownBy(() -> DnsjavaResolver.fromConfig("127.0.0.1", Duration.ZERO)).hasMessageContaining("timeout");
    }
}
