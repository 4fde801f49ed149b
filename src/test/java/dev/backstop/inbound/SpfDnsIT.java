package dev.backstop.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.dns.DnsjavaResolver;
import dev.backstop.dns.IpLiteral;
import dev.backstop.testing.TestDns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SpfEvaluator over DnsjavaResolver over real UDP queries to a DNS server on 127.0.0.1. */
class SpfDnsIT {
    private static final Duration TIMEOUT = Duration.ofMillis(700);
    private TestDns server;
    private SpfEvaluator spf;

    @BeforeEach
    void start() throws Exception {
        server = TestDns.start()
                // TXT split in two character-strings, as long records are published
                .txt("ours.example", "v=spf1 mx a:relay.ours.example ", "include:_spf.provider.example ~all")
                .mx("ours.example", 10, "mx.ours.example")
                .a("mx.ours.example", "192.0.2.25")
                .a("relay.ours.example", "192.0.2.26").a("relay.ours.example", "2001:db8::26")
                .txt("_spf.provider.example", "v=spf1 ip4:198.51.100.0/24 -all")
                .txt("strict.example", "v=spf1 redirect=ours.example")
                .txt("flaky.example", "v=spf1 include:down.example -all")
                .silent("down.example")
                .txt("broken.example", "v=spf1 ip4:192.0.2.1 bogus -all");
        spf = new SpfEvaluator(DnsjavaResolver.at(server.address(), TIMEOUT));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private SpfResult check(String ip, String domain) {
        return spf.checkHost(IpLiteral.parse(ip).orElseThrow(), domain, "alice@" + domain);
    }

    @Test
    void ourOwnRelaysPass() {
        assertThat(check("192.0.2.25", "ours.example").code()).isEqualTo(SpfResult.Code.PASS);
        assertThat(check("192.0.2.26", "ours.example").code()).isEqualTo(SpfResult.Code.PASS);
        assertThat(check("2001:db8::26", "ours.example").code()).isEqualTo(SpfResult.Code.PASS);
        assertThat(check("198.51.100.200", "ours.example").code()).isEqualTo(SpfResult.Code.PASS);
        assertThat(server.queries()).contains("ours.example./MX", "mx.ours.example./A", "_spf.provider.example./TXT");
    }

    @Test
    void aForgerIsNotAuthorised() {
        SpfResult r = check("203.0.113.66", "ours.example");
        assertThat(r.code()).isEqualTo(SpfResult.Code.SOFTFAIL);
        assertThat(r.isNotAuthorised()).isTrue();
        assertThat(check("203.0.113.66", "strict.example").code()).isEqualTo(SpfResult.Code.SOFTFAIL);
    }

    @Test
    void noRecordAndSyntaxErrors() {
        assertThat(check("192.0.2.1", "nothing.example").code()).isEqualTo(SpfResult.Code.NONE);
        assertThat(check("192.0.2.1", "broken.example").code()).isEqualTo(SpfResult.Code.PERMERROR);
    }

    @Test
    void aServerThatDoesNotAnswerIsTemperrorWithinTheTimeout() {
        long start = System.nanoTime();
        SpfResult r = check("203.0.113.66", "flaky.example");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.code()).isEqualTo(SpfResult.Code.TEMPERROR);
        assertThat(r.explanation()).contains("down.example");
        assertThat(millis).isLessThan(TIMEOUT.toMillis() + 600);
    }

    @Test
    void anUnreachableResolverIsTemperror() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        // A bound socket that never reads: the queries go nowhere.
        try (java.net.DatagramSocket dead = new java.net.DatagramSocket(0, loopback)) {
            SpfEvaluator deaf = new SpfEvaluator(DnsjavaResolver.at(
                    new java.net.InetSocketAddress(loopback, dead.getLocalPort()), Duration.ofMillis(300)));
            long start = System.nanoTime();
            SpfResult r = deaf.checkHost(IpLiteral.parse("192.0.2.1").orElseThrow(), "ours.example", "a@ours.example");
            assertThat(r.code()).isEqualTo(SpfResult.Code.TEMPERROR);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1200);
        }
    }
}
