package dev.backstop.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReceivedChainTest {

    private static ReceivedChain.Hop hop(String value) {
        return ReceivedChain.parse(List.of(value)).hops().get(0);
    }

    private static String ip(ReceivedChain.Hop hop) {
        return hop.ip().map(InetAddress::getHostAddress).orElse("");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            from mail.example.com (mail.example.com [203.0.113.5]) by mx.example.org (Postfix) with ESMTPS id 4Xyz for <a@example.org>; Tue, 3 Nov 2026 10:00:00 +0000 | mail.example.com | mail.example.com | 203.0.113.5 | mx.example.org
            from helo.example (unknown [198.51.100.7]) by mx.example.org (Postfix) with ESMTP id 1A2B3C; Tue, 3 Nov 2026 10:00:00 +0000 | helo.example | '' | 198.51.100.7 | mx.example.org
            from box (box.example.net [IPv6:2001:db8::25]) by mx.example.org (Postfix) with ESMTPS id Q; Tue, 3 Nov 2026 | box | box.example.net | 2001:db8:0:0:0:0:0:25 | mx.example.org
            from helo.example (rdns.example.net [192.0.2.9] (may be forged)) by smtp.example.org (8.15.2/8.15.2) with ESMTP id 0A1; Tue | helo.example | rdns.example.net | 192.0.2.9 | smtp.example.org
            from host.example.com (IDENT:joe@host.example.com [192.0.2.10]) by smtp.example.org (8.14.4/8.14.4) with ESMTP id x; Tue | host.example.com | host.example.com | 192.0.2.10 | smtp.example.org
            from [203.0.113.77] (helo=laptop) by mx.example.org with esmtp (Exim 4.96) (envelope-from <a@b.example>) id 1abc-000; Tue | laptop | '' | 203.0.113.77 | mx.example.org
            from host.example.com ([203.0.113.78]:54321 helo=laptop.local) by mx.example.org with esmtps (TLS1.3) (Exim 4.96) id 1abc; Tue | laptop.local | host.example.com | 203.0.113.78 | mx.example.org
            from rdns.example.com ([203.0.113.79] helo=[192.168.1.20]) by mx.example.org with esmtpa (Exim 4.94) id 1; Tue | [192.168.1.20] | rdns.example.com | 203.0.113.79 | mx.example.org
            from EXCH01.corp.example (10.1.2.3) by EXCH02.corp.example (10.1.2.4) with Microsoft SMTP Server (version=TLS1_2, cipher=X) id 15.1.2507.6; Tue, 3 Nov 2026 | exch01.corp.example | '' | 10.1.2.3 | exch02.corp.example
            from AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:1a::12) by AM0PR01MB5678.eurprd01.prod.exchangelabs.com with HTTPS; Tue | am0pr01mb1234.eurprd01.prod.exchangelabs.com | '' | 2603:10a6:208:1a:0:0:0:12 | am0pr01mb5678.eurprd01.prod.exchangelabs.com
            from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id abc for <x@gmail.com>; Tue | mail-sor-f41.google.com | mail-sor-f41.google.com | 209.85.220.41 | mx.google.com
            from unknown (HELO relay.example) (198.51.100.99) by mail.example.org with SMTP; 3 Nov 2026 | relay.example | '' | 198.51.100.99 | mail.example.org
            by web1.example.com (Postfix, from userid 33) id 4ABC; Tue, 3 Nov 2026 10:00:00 +0000 (UTC) | '' | '' | '' | web1.example.com
            from localhost (localhost [127.0.0.1]) by web1.example.com (Postfix) with ESMTP id Z; Tue | localhost | localhost | 127.0.0.1 | web1.example.com
            """)
    void mtaFormats(String value, String helo, String reverse, String ip, String by) {
        ReceivedChain.Hop hop = hop(value);
        assertThat(hop.fromHost()).isEqualTo(helo);
        assertThat(hop.reverseHost()).isEqualTo(reverse);
        assertThat(ip(hop)).isEqualTo(ip);
        assertThat(hop.byHost()).isEqualTo(by);
    }

    @Test
    void foldedHeadersParse() {
        ReceivedChain.Hop hop = hop("from mail.example.com (mail.example.com\r\n\t[203.0.113.5])\r\n\tby mx.example.org (Postfix)"
                + " with ESMTPS id 4Xyz\r\n\tfor <a@example.org>; Tue, 3 Nov 2026 10:00:00 +0000");
        assertThat(ip(hop)).isEqualTo("203.0.113.5");
        assertThat(hop.byHost()).isEqualTo("mx.example.org");
    }

    /** A web server hands a PHP mail() message to our relay, which sends it to the recipient's MX. */
    private static final List<String> OUR_CHAIN = List.of(
            "from relay.ours.example (relay.ours.example [192.0.2.25]) by mx.recipient.example (Postfix) with ESMTPS id R; Tue",
            "from web1.ours.example (web1.ours.example [198.51.100.10]) by relay.ours.example (Postfix) with ESMTP id Q; Tue",
            "from localhost (localhost [127.0.0.1]) by web1.ours.example (Postfix) with ESMTP id P; Tue",
            "by web1.ours.example (Postfix, from userid 33) id O; Tue");

    @Test
    void firstOutsideHopIsTheBottomMostPublicClient() {
        ReceivedChain chain = ReceivedChain.parse(OUR_CHAIN);
        assertThat(chain.hops()).hasSize(4);
        assertThat(chain.firstOutsideHop().map(ReceivedChainTest::ip)).contains("198.51.100.10");
        // knowing our relay, the hand-off into it is internal: the hop leaving us is the relay's
        assertThat(chain.firstOutsideHop(List.of("relay.ours.example")).map(ReceivedChainTest::ip)).contains("192.0.2.25");
        assertThat(chain.firstOutsideHop(List.of(".ours.example")).map(ReceivedChainTest::ip)).contains("192.0.2.25");
    }

    @Test
    void privateAndLoopbackClientsAreSkipped() {
        ReceivedChain chain = ReceivedChain.parse(List.of(
                "from gw.example (gw.example [203.0.113.1]) by mx.example.org; Tue",
                "from pc (pc.lan [192.168.1.5]) by gw.example; Tue",
                "from pc (pc [10.0.0.5]) by gw.example; Tue",
                "from pc (pc [100.64.1.1]) by gw.example; Tue",
                "from pc (pc [IPv6:fd00::1]) by gw.example; Tue",
                "from pc (pc [IPv6:fe80::1]) by gw.example; Tue",
                "from pc (pc [IPv6:::1]) by gw.example; Tue"));
        assertThat(chain.firstOutsideHop().map(ReceivedChainTest::ip)).contains("203.0.113.1");
        assertThat(ReceivedChain.parse(List.of("from pc (pc [10.0.0.5]) by gw.example; Tue")).firstOutsideHop()).isEmpty();
    }

    @Test
    void mentionsMatchesReceivingHostsReverseNamesAndAddressesButNotHelo() {
        ReceivedChain chain = ReceivedChain.parse(OUR_CHAIN);
        assertThat(chain.mentioned(List.of("relay.ours.example", "192.0.2.0/24", "2001:db8::/32", "other.example")))
                .containsExactly("relay.ours.example", "192.0.2.0/24");
        assertThat(chain.mentionsAny(List.of("RELAY.OURS.EXAMPLE."))).isTrue();
        assertThat(chain.mentionsAny(List.of("198.51.100.10"))).isTrue();
        assertThat(chain.mentionsAny(List.of("mx.recipient.example"))).isTrue();
        assertThat(chain.mentionsAny(List.of("relay.ours"))).isFalse();
        assertThat(chain.mentionsAny(List.of())).isFalse();
        // a forger can claim our name in HELO; that is not a mention
        ReceivedChain forged = ReceivedChain.parse(List.of(
                "from relay.ours.example (unknown [203.0.113.66]) by mx.victim.example (Postfix); Tue"));
        assertThat(forged.mentionsAny(List.of("relay.ours.example"))).isFalse();
        assertThat(forged.hops().get(0).fromHost()).isEqualTo("relay.ours.example");
    }

    @Test
    void garbageIsToleratedAndBounded() {
        List<String> values = new ArrayList<>();
        values.add("");
        values.add(null);
        values.add("((((((((((");
        values.add("from [ by ]]] (((( ;;;; [IPv6:zz::] [999.1.1.1]");
        values.add("from x (" + "y ".repeat(5000) + "[192.0.2.1]) by z");
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            char[] c = new char[random.nextInt(300)];
            for (int j = 0; j < c.length; j++) {
                c[j] = "from by with ([]):;.0123456789abcdef IPv6helo=\r\n\t".charAt(random.nextInt(47));
            }
            values.add(new String(c));
        }
        ReceivedChain chain = ReceivedChain.parse(values);
        assertThat(chain.hops()).hasSize(ReceivedChain.MAX_HOPS);
        assertThat(chain.defects()).isNotEmpty().hasSizeLessThanOrEqualTo(ReceivedChain.MAX_DEFECTS);
        assertThat(chain.hops().get(3).ip()).isEmpty();
        assertThat(ReceivedChain.parse(null).hops()).isEmpty();
    }
}
