package dev.backstop.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.dns.InMemoryDns;
import dev.backstop.dns.IpLiteral;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpfEvaluatorTest {
    private static int records;

    /** The zone of RFC 7208 Appendix A, plus a few names for include/redirect chains. */
    private static InMemoryDns rfcZone() {
        return new InMemoryDns()
                .mx("example.com", 10, "mx.example.com").mx("example.com", 20, "mx2.example.com")
                .a("mx.example.com", "192.0.2.129").a("mx2.example.com", "192.0.2.130")
                .a("example.com", "192.0.2.10", "192.0.2.11", "2001:db8::10")
                .a("amy.example.com", "192.0.2.65").a("bob.example.com", "192.0.2.66")
                .a("homer.example.com", "192.0.2.67")
                .ptr("192.0.2.10", "example.com").ptr("192.0.2.11", "example.com")
                .ptr("192.0.2.65", "amy.example.com").ptr("192.0.2.66", "bob.example.com")
                .ptr("192.0.2.67", "example.com") // lies: example.com has no A 192.0.2.67
                .mx("example.org", 10, "mx.example.org").a("mx.example.org", "192.0.2.140")
                .a("example.org", "192.0.2.150");
    }

    private static SpfResult.Code checkRecord(InMemoryDns dns, String record, String ip) {
        String domain = "test" + (++records) + ".example.com"; // a fresh name: two records would be permerror
        dns.txt(domain, record);
        return check(dns, ip, domain);
    }

    private static SpfResult.Code check(InMemoryDns dns, String ip, String domain) {
        return new SpfEvaluator(dns).checkHost(addr(ip), domain, "alice@" + domain).code();
    }

    private static InetAddress addr(String ip) {
        return IpLiteral.parse(ip).orElseThrow();
    }

    @ParameterizedTest(name = "{0} for {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            v=spf1 +all                                     | 192.0.2.1    | PASS
            v=spf1 all                                      | 192.0.2.1    | PASS
            v=spf1 -all                                     | 192.0.2.1    | FAIL
            v=spf1 ~all                                     | 192.0.2.1    | SOFTFAIL
            v=spf1 ?all                                     | 192.0.2.1    | NEUTRAL
            v=spf1                                          | 192.0.2.1    | NEUTRAL
            V=SPF1 IP4:192.0.2.1 -ALL                       | 192.0.2.1    | PASS
            v=spf1   ip4:192.0.2.1    -all                  | 192.0.2.1    | PASS
            v=spf1 a:example.com -all                       | 192.0.2.10   | PASS
            v=spf1 a:example.com -all                       | 192.0.2.11   | PASS
            v=spf1 a:example.com -all                       | 192.0.2.12   | FAIL
            v=spf1 a:example.com -all                       | 2001:db8::10 | PASS
            v=spf1 a:example.com/24 -all                    | 192.0.2.200  | PASS
            v=spf1 a:example.com/24 -all                    | 192.0.3.1    | FAIL
            v=spf1 a:example.com//64 -all                   | 2001:db8::ff | PASS
            v=spf1 a:example.com/32//64 -all                | 192.0.2.200  | FAIL
            v=spf1 a:example.com//64 -all                   | 2001:db9::1  | FAIL
            v=spf1 mx:example.com -all                      | 192.0.2.129  | PASS
            v=spf1 mx:example.com -all                      | 192.0.2.130  | PASS
            v=spf1 mx:example.com -all                      | 192.0.2.140  | FAIL
            v=spf1 mx:example.com mx:example.org -all       | 192.0.2.140  | PASS
            v=spf1 mx:example.com/30 mx:example.org/30 -all | 192.0.2.131  | PASS
            v=spf1 mx:example.com/30 mx:example.org/30 -all | 192.0.2.143  | PASS
            v=spf1 mx:example.com/30 mx:example.org/30 -all | 192.0.2.144  | FAIL
            v=spf1 ip4:192.0.2.128/28 -all                  | 192.0.2.143  | PASS
            v=spf1 ip4:192.0.2.128/28 -all                  | 192.0.2.144  | FAIL
            v=spf1 ip4:192.0.2.128/0 -all                   | 198.51.100.1 | PASS
            v=spf1 ip4:192.0.2.128/28 -all                  | 2001:db8::1  | FAIL
            v=spf1 ip6:2001:db8::/32 -all                   | 2001:db8:1::9| PASS
            v=spf1 ip6:2001:db8::/32 -all                   | 2001:db9::9  | FAIL
            v=spf1 ip6:2001:db8::/32 -all                   | 192.0.2.1    | FAIL
            v=spf1 ip4:192.0.2.1 ~all                       | ::ffff:192.0.2.1 | PASS
            v=spf1 ptr:example.com -all                     | 192.0.2.10   | PASS
            v=spf1 ptr:example.com -all                     | 192.0.2.65   | PASS
            v=spf1 ptr:example.com -all                     | 192.0.2.67   | FAIL
            v=spf1 ptr:example.org -all                     | 192.0.2.10   | FAIL
            v=spf1 -ip4:192.0.2.1 +all                      | 192.0.2.1    | FAIL
            v=spf1 ?ip4:192.0.2.1 -all                      | 192.0.2.1    | NEUTRAL
            v=spf1 ~ip4:192.0.2.1 -all                      | 192.0.2.1    | SOFTFAIL
            v=spf1 foo=bar -all                             | 192.0.2.1    | FAIL
            v=spf1 -all exp=explain._spf.%{d}               | 192.0.2.1    | FAIL
            v=spf1 exists:%{i}.ok.example.com -all          | 192.0.2.10   | FAIL
            v=spf1 foo -all                                 | 192.0.2.1    | PERMERROR
            v=spf1 +all foo:bar                             | 192.0.2.1    | PERMERROR
            v=spf1 ip4:192.0.2 -all                         | 192.0.2.1    | PERMERROR
            v=spf1 ip4:192.0.2.1/33 -all                    | 192.0.2.1    | PERMERROR
            v=spf1 ip4:192.0.2.1/024 -all                   | 192.0.2.1    | PERMERROR
            v=spf1 ip4:2001:db8::1 -all                     | 192.0.2.1    | PERMERROR
            v=spf1 ip6:192.0.2.1 -all                       | 192.0.2.1    | PERMERROR
            v=spf1 ip6:2001:db8::/129 -all                  | 192.0.2.1    | PERMERROR
            v=spf1 a:1.2.3.4 -all                           | 192.0.2.1    | PERMERROR
            v=spf1 a:example.com/ -all                      | 192.0.2.1    | PERMERROR
            v=spf1 include -all                             | 192.0.2.1    | PERMERROR
            v=spf1 include: -all                            | 192.0.2.1    | PERMERROR
            v=spf1 all:foo                                  | 192.0.2.1    | PERMERROR
            v=spf1 redirect=a.example.com redirect=b.example.com | 192.0.2.1 | PERMERROR
            v=spf1 exists:%{x}.example.com -all             | 192.0.2.1    | PERMERROR
            v=spf1 exists:%{c}.example.com -all             | 192.0.2.1    | PERMERROR
            v=spf1 exists:%{d0}.example.com -all            | 192.0.2.1    | PERMERROR
            v=spf1 exists:%z.example.com -all               | 192.0.2.1    | PERMERROR
            v=spf1 exists:%{d.example.com -all              | 192.0.2.1    | PERMERROR
            v=spf1 1foo=bar -all                            | 192.0.2.1    | PERMERROR
            """)
    void recordTable(String record, String ip, SpfResult.Code expected) {
        assertThat(checkRecord(rfcZone(), record, ip)).isEqualTo(expected);
    }

    @Test
    void aAndMxWithoutDomainUseTheCurrentDomain() {
        InMemoryDns dns = rfcZone().txt("example.com", "v=spf1 a mx -all");
        assertThat(check(dns, "192.0.2.11", "example.com")).isEqualTo(SpfResult.Code.PASS);
        assertThat(check(dns, "192.0.2.130", "example.com")).isEqualTo(SpfResult.Code.PASS);
        assertThat(check(dns, "192.0.2.140", "example.com")).isEqualTo(SpfResult.Code.FAIL);
    }

    @Test
    void noRecordAndOtherTxtAreNone() {
        InMemoryDns dns = rfcZone().txt("txtonly.example.com", "google-site-verification=abc", "v=spf10 -all");
        assertThat(check(dns, "192.0.2.1", "txtonly.example.com")).isEqualTo(SpfResult.Code.NONE);
        assertThat(check(dns, "192.0.2.1", "nowhere.example.net")).isEqualTo(SpfResult.Code.NONE);
        assertThat(check(dns, "192.0.2.1", "not a domain")).isEqualTo(SpfResult.Code.NONE);
        assertThat(check(dns, "192.0.2.1", "a..example.com")).isEqualTo(SpfResult.Code.NONE);
        assertThat(check(dns, "192.0.2.1", "x".repeat(64) + ".example.com")).isEqualTo(SpfResult.Code.NONE);
    }

    @Test
    void twoRecordsArePermerror() {
        InMemoryDns dns = new InMemoryDns().txt("two.example.com", "v=spf1 +all", "v=spf1 -all");
        assertThat(check(dns, "192.0.2.1", "two.example.com")).isEqualTo(SpfResult.Code.PERMERROR);
    }

    @Test
    void includeMatchesOnlyOnPass() {
        InMemoryDns dns = new InMemoryDns()
                .txt("ours.example", "v=spf1 include:_spf.provider.example ~all")
                .txt("_spf.provider.example", "v=spf1 ip4:198.51.100.0/24 include:_spf2.provider.example -all")
                .txt("_spf2.provider.example", "v=spf1 ip6:2001:db8:5::/48 -all");
        assertThat(check(dns, "198.51.100.77", "ours.example")).isEqualTo(SpfResult.Code.PASS);
        assertThat(check(dns, "2001:db8:5::1", "ours.example")).isEqualTo(SpfResult.Code.PASS);
        // the included record's -all is "no match", the including record's ~all decides
        SpfResult r = new SpfEvaluator(dns).checkHost(addr("203.0.113.9"), "ours.example", "a@ours.example");
        assertThat(r.code()).isEqualTo(SpfResult.Code.SOFTFAIL);
        assertThat(r.mechanism()).isEqualTo("~all");
        assertThat(r.explanation()).contains("ours.example");
    }

    @Test
    void includeOfNothingIsPermerrorAndErrorsPropagate() {
        InMemoryDns dns = new InMemoryDns()
                .txt("a.example", "v=spf1 include:missing.example -all")
                .txt("b.example", "v=spf1 include:broken.example -all")
                .txt("broken.example", "v=spf1 ip4:300.1.1.1 -all")
                .txt("c.example", "v=spf1 include:slow.example -all")
                .timeout("slow.example");
        assertThat(check(dns, "192.0.2.1", "a.example")).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(check(dns, "192.0.2.1", "b.example")).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(check(dns, "192.0.2.1", "c.example")).isEqualTo(SpfResult.Code.TEMPERROR);
    }

    @Test
    void redirectAppliesOnlyWhenNothingMatched() {
        InMemoryDns dns = new InMemoryDns()
                .txt("ours.example", "v=spf1 ip4:192.0.2.1 redirect=_spf.ours.example")
                .txt("_spf.ours.example", "v=spf1 ip4:198.51.100.0/24 -all")
                .txt("loose.example", "v=spf1 +all redirect=_spf.ours.example")
                .txt("dangling.example", "v=spf1 redirect=nothing.example");
        assertThat(check(dns, "192.0.2.1", "ours.example")).isEqualTo(SpfResult.Code.PASS);
        assertThat(check(dns, "198.51.100.5", "ours.example")).isEqualTo(SpfResult.Code.PASS);
        assertThat(check(dns, "203.0.113.5", "ours.example")).isEqualTo(SpfResult.Code.FAIL);
        assertThat(check(dns, "203.0.113.5", "loose.example")).isEqualTo(SpfResult.Code.PASS);
        assertThat(check(dns, "203.0.113.5", "dangling.example")).isEqualTo(SpfResult.Code.PERMERROR);
    }

    @Test
    void redirectUsesTheTargetDomainForMacrosAndA() {
        InMemoryDns dns = new InMemoryDns()
                .txt("ours.example", "v=spf1 redirect=target.example")
                .txt("target.example", "v=spf1 a -all")
                .a("target.example", "192.0.2.77").a("ours.example", "192.0.2.99");
        assertThat(check(dns, "192.0.2.77", "ours.example")).isEqualTo(SpfResult.Code.PASS);
        assertThat(check(dns, "192.0.2.99", "ours.example")).isEqualTo(SpfResult.Code.FAIL);
    }

    @Test
    void tenLookupsAreAllowedAndTheEleventhIsPermerror() {
        InMemoryDns dns = new InMemoryDns();
        // a chain of includes i0 -> i1 -> ... each costing one lookup
        for (int i = 0; i < 12; i++) {
            dns.txt("i" + i + ".example", "v=spf1 include:i" + (i + 1) + ".example -all");
        }
        dns.txt("i12.example", "v=spf1 +all");
        dns.txt("ten.example", "v=spf1 include:i3.example -all");     // i3..i12: 10 includes
        dns.txt("eleven.example", "v=spf1 include:i2.example -all");  // 11 includes
        assertThat(check(dns, "192.0.2.1", "ten.example")).isEqualTo(SpfResult.Code.PASS);
        SpfResult r = new SpfEvaluator(dns).checkHost(addr("192.0.2.1"), "eleven.example", "a@eleven.example");
        assertThat(r.code()).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(r.explanation()).contains("more than 10 DNS lookups");
    }

    @Test
    void lookupLimitCountsOnlyEvaluatedTermsAndNotIp4OrAll() {
        StringBuilder record = new StringBuilder("v=spf1 ip4:192.0.2.1");
        for (int i = 0; i < 12; i++) {
            record.append(" a:h").append(i).append(".example.com");
        }
        record.append(" -all");
        InMemoryDns dns = new InMemoryDns();
        for (int i = 0; i < 12; i++) {
            dns.a("h" + i + ".example.com", "198.51.100." + i);
        }
        assertThat(checkRecord(dns, record.toString(), "192.0.2.1")).isEqualTo(SpfResult.Code.PASS);
        assertThat(checkRecord(dns, record.toString(), "198.51.100.9")).isEqualTo(SpfResult.Code.PASS);   // 10th a:
        assertThat(checkRecord(dns, record.toString(), "198.51.100.10")).isEqualTo(SpfResult.Code.PERMERROR);
    }

    @Test
    void thirdVoidLookupIsPermerror() {
        InMemoryDns dns = new InMemoryDns().a("real.example.com", "198.51.100.1");
        assertThat(checkRecord(dns, "v=spf1 a:n1.example.com a:n2.example.com -all", "192.0.2.1"))
                .isEqualTo(SpfResult.Code.FAIL);
        assertThat(checkRecord(dns, "v=spf1 a:n1.example.com mx:n2.example.com exists:n3.example.com -all", "192.0.2.1"))
                .isEqualTo(SpfResult.Code.PERMERROR);
        // no data (the name exists with another type) is void too
        dns.txt("t1.example.com", "x").txt("t2.example.com", "x").txt("t3.example.com", "x");
        assertThat(checkRecord(dns, "v=spf1 a:t1.example.com a:t2.example.com a:t3.example.com -all", "192.0.2.1"))
                .isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(checkRecord(dns, "v=spf1 a:real.example.com a:n1.example.com a:real.example.com a:n2.example.com -all",
                "192.0.2.1")).isEqualTo(SpfResult.Code.FAIL);
    }

    @Test
    void moreThanTenMxHostsIsPermerror() {
        InMemoryDns dns = new InMemoryDns();
        for (int i = 0; i < 11; i++) {
            dns.mx("many.example", i, "mx" + i + ".many.example").a("mx" + i + ".many.example", "198.51.100." + i);
        }
        assertThat(checkRecord(dns, "v=spf1 mx:many.example -all", "198.51.100.0")).isEqualTo(SpfResult.Code.PERMERROR);
    }

    @Test
    void nullMxAndMissingMxHostAddressesDoNotMatch() {
        InMemoryDns dns = new InMemoryDns().mx("nullmx.example", 0, ".")
                .mx("gone.example", 10, "nohost.gone.example").mx("gone.example", 20, "mx.gone.example")
                .a("mx.gone.example", "198.51.100.20");
        assertThat(checkRecord(dns, "v=spf1 mx:nullmx.example -all", "198.51.100.20")).isEqualTo(SpfResult.Code.FAIL);
        assertThat(checkRecord(dns, "v=spf1 mx:gone.example -all", "198.51.100.20")).isEqualTo(SpfResult.Code.PASS);
    }

    @Test
    void dnsFailuresAreTemperror() {
        InMemoryDns dns = new InMemoryDns().timeout("slow.example").servfail("broken.example.com")
                .servfail("mxfail.example").mx("mxhostfail.example", 10, "down.example").timeout("down.example");
        assertThat(check(dns, "192.0.2.1", "slow.example")).isEqualTo(SpfResult.Code.TEMPERROR);
        assertThat(checkRecord(dns, "v=spf1 a:broken.example.com -all", "192.0.2.1")).isEqualTo(SpfResult.Code.TEMPERROR);
        assertThat(checkRecord(dns, "v=spf1 mx:mxfail.example -all", "192.0.2.1")).isEqualTo(SpfResult.Code.TEMPERROR);
        assertThat(checkRecord(dns, "v=spf1 mx:mxhostfail.example -all", "192.0.2.1")).isEqualTo(SpfResult.Code.TEMPERROR);
        assertThat(checkRecord(dns, "v=spf1 exists:broken.example.com -all", "192.0.2.1")).isEqualTo(SpfResult.Code.TEMPERROR);
        // a decision before the failing term is not affected
        assertThat(checkRecord(dns, "v=spf1 ip4:192.0.2.1 a:broken.example.com -all", "192.0.2.1")).isEqualTo(SpfResult.Code.PASS);
    }

    @Test
    void aSlowResolverRunsOutTheTimeBudget() {
        // every look at the clock costs 3 seconds: a resolver that answers, but slowly
        java.time.Clock slow = new java.time.Clock() {
            private java.time.Instant now = java.time.Instant.parse("2026-11-26T10:00:00Z");

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                now = now.plusSeconds(3);
                return now;
            }
        };
        InMemoryDns dns = rfcZone().txt("slow.example", "v=spf1 a:amy.example.com a:bob.example.com a:homer.example.com"
                + " a:example.org a:example.com -all");
        SpfEvaluator spf = new SpfEvaluator(dns, java.time.Duration.ofSeconds(10), slow);
        SpfResult r = spf.checkHost(addr("192.0.2.11"), "slow.example", "a@slow.example");
        assertThat(r.code()).isEqualTo(SpfResult.Code.TEMPERROR);
        assertThat(r.explanation()).contains("out of time");
        assertThat(new SpfEvaluator(dns).checkHost(addr("192.0.2.11"), "slow.example", "a@slow.example").code())
                .isEqualTo(SpfResult.Code.PASS);
    }

    @Test
    void ptrDnsErrorsAreNoMatchNotTemperror() {
        InMemoryDns dns = new InMemoryDns().timeout(IpLiteral.reverseName(addr("192.0.2.44")));
        assertThat(checkRecord(dns, "v=spf1 ptr:example.com -all", "192.0.2.44")).isEqualTo(SpfResult.Code.FAIL);
    }

    @Test
    void existsQueriesTheExpandedName() {
        InMemoryDns dns = new InMemoryDns().a("2.0.192.strong.lp._spf.example.com", "127.0.0.2");
        dns.txt("example.com", "v=spf1 exists:%{ir}.%{l1r-}.lp._spf.%{d} -all");
        SpfEvaluator spf = new SpfEvaluator(dns);
        assertThat(spf.checkHost(addr("192.0.2.0"), "example.com", "strong-bad@email.example.com").code())
                .isEqualTo(SpfResult.Code.FAIL);
        assertThat(dns.queries()).contains("A 0.2.0.192.strong.lp._spf.example.com");
        dns.a("0.2.0.192.strong.lp._spf.example.com", "127.0.0.2");
        assertThat(spf.checkHost(addr("192.0.2.0"), "example.com", "strong-bad@email.example.com").code())
                .isEqualTo(SpfResult.Code.PASS);
    }

    @Test
    void expIsNeverFetched() {
        InMemoryDns dns = new InMemoryDns().txt("x.example", "v=spf1 -all exp=why.x.example").txt("why.x.example", "no");
        assertThat(check(dns, "192.0.2.1", "x.example")).isEqualTo(SpfResult.Code.FAIL);
        assertThat(dns.queries()).containsExactly("TXT x.example");
    }

    @Test
    void overlongRecordIsPermerrorNotAnException() {
        String record = "v=spf1 " + "ip4:192.0.2.1 ".repeat(400) + "-all";
        assertThat(checkRecord(new InMemoryDns(), record, "192.0.2.1")).isEqualTo(SpfResult.Code.PERMERROR);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            %{s}                                  | strong-bad@email.example.com
            %{o}                                  | email.example.com
            %{d}                                  | email.example.com
            %{d4}                                 | email.example.com
            %{d3}                                 | email.example.com
            %{d2}                                 | example.com
            %{d1}                                 | com
            %{dr}                                 | com.example.email
            %{d2r}                                | example.email
            %{l}                                  | strong-bad
            %{l-}                                 | strong.bad
            %{lr}                                 | strong-bad
            %{lr-}                                | bad.strong
            %{l1r-}                               | strong
            %{ir}.%{v}._spf.%{d2}                 | 3.2.0.192.in-addr._spf.example.com
            %{lr-}.lp._spf.%{d2}                  | bad.strong.lp._spf.example.com
            %{lr-}.lp.%{ir}.%{v}._spf.%{d2}       | bad.strong.lp.3.2.0.192.in-addr._spf.example.com
            %{ir}.%{v}.%{l1r-}.lp._spf.%{d2}      | 3.2.0.192.in-addr.strong.lp._spf.example.com
            %{d2}.trusted-domains.example.net     | example.com.trusted-domains.example.net
            %{h}                                  | mail.example.org
            %{S}                                  | strong-bad%40email.example.com
            a%%b%_c%-d                            | a%b c%20d
            %{p}                                  | unknown
            """)
    void rfc7208MacroExamples(String spec, String expected) throws Exception {
        SpfEvaluator.Context ctx = new SpfEvaluator.Context(addr("192.0.2.3"), "strong-bad@email.example.com", "mail.example.org");
        assertThat(SpfEvaluator.SpfMacro.expand(spec, "email.example.com", ctx)).isEqualTo(expected);
    }

    @Test
    void ipv6MacroIsNibbles() throws Exception {
        SpfEvaluator.Context ctx = new SpfEvaluator.Context(addr("2001:db8::cb01"), "strong-bad@email.example.com", "h");
        assertThat(SpfEvaluator.SpfMacro.expand("%{ir}.%{v}._spf.%{d2}", "email.example.com", ctx))
                .isEqualTo("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
    }

    @Test
    void senderWithoutLocalPartBecomesPostmaster() throws Exception {
        InMemoryDns dns = new InMemoryDns().txt("example.com", "v=spf1 exists:%{l}.%{o}.x.example.com -all");
        new SpfEvaluator(dns).checkHost(addr("192.0.2.1"), "example.com", "example.org");
        new SpfEvaluator(dns).checkHost(addr("192.0.2.1"), "example.com", "");
        assertThat(dns.queries()).contains("A postmaster.example.org.x.example.com", "A postmaster.example.com.x.example.com");
    }

    @Test
    void overlongExpansionIsTruncatedOnTheLeft() {
        String local = "l".repeat(60);
        InMemoryDns dns = new InMemoryDns().txt("example.com",
                "v=spf1 exists:%{l}.%{l}.%{l}.%{l}.%{l}.example.com -all");
        new SpfEvaluator(dns).checkHost(addr("192.0.2.1"), "example.com", local + "@example.com");
        String asked = dns.queries().get(1);
        assertThat(asked).startsWith("A " + local + ".").endsWith(".example.com");
        assertThat(asked.length() - 2).isLessThanOrEqualTo(253);
    }
}
