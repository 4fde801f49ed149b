package dev.backstop.mta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.mta.LogEvent.Arrival;
import dev.backstop.mta.LogEvent.BounceCreated;
import dev.backstop.mta.LogEvent.ClientSubmission;
import dev.backstop.mta.LogEvent.Delivery;
import dev.backstop.mta.LogEvent.Held;
import dev.backstop.mta.LogEvent.LocalPickup;
import dev.backstop.mta.LogEvent.MessageIdSeen;
import dev.backstop.mta.LogEvent.QueueActive;
import dev.backstop.mta.LogEvent.Released;
import dev.backstop.mta.LogEvent.Removed;
import dev.backstop.mta.LogEvent.WorkingDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailLogParserTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);

    static List<String> resource(String name) throws IOException {
        try (InputStream in = MailLogParserTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList();
        }
    }

    static List<LogEvent> parseAll(MailLogParser p, List<String> lines) {
        List<LogEvent> out = new ArrayList<>();
        lines.forEach(l -> out.addAll(p.parse(l)));
        return out;
    }

    private static MailLogParser postfix() {
        return new MailLogParser(MailLogParser.Format.POSTFIX, CLOCK, ZoneOffset.UTC, new LogDefects(10));
    }

    private static MailLogParser exim() {
        return new MailLogParser(MailLogParser.Format.EXIM, CLOCK, ZoneOffset.UTC, new LogDefects(10));
    }

    @Test
    void realPostfixMaillogFromAPrivateInstance() throws IOException {
        MailLogParser p = postfix();
        List<LogEvent> ev = parseAll(p, resource("postfix-3.7-maillog.txt"));
        assertThat(p.defects().count()).as("%s", p.defects().recent()).isZero();

        assertThat(ev).filteredOn(LocalPickup.class::isInstance).singleElement()
                .isEqualTo(new LocalPickup(Instant.parse("2026-11-26T23:56:52Z"), "pf1", "2F5FC214039", 0,
                        "www-data@sender.test"));
        assertThat(ev).filteredOn(ClientSubmission.class::isInstance).map(e -> (ClientSubmission) e)
                .allSatisfy(c -> {
                    assertThat(c.clientIp()).isEqualTo("127.0.0.1");
                    assertThat(c.clientName()).isEqualTo("unknown");
                    assertThat(c.saslUser()).isEmpty();
                });
        assertThat(ev).contains(new MessageIdSeen(Instant.parse("2026-11-26T23:56:52Z"), "pf1", "2807A214037",
                "<one@sender.test>"));
        assertThat(ev).contains(new QueueActive(Instant.parse("2026-11-26T23:56:52Z"), "pf1", "63E54214044", "", 2259, 1));
        assertThat(ev).filteredOn(Delivery.class::isInstance).map(e -> (Delivery) e)
                .filteredOn(d -> d.queueId().equals("2F5FC214039"))
                .extracting(Delivery::recipient, Delivery::status, Delivery::dsn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("nobody@sink.test", DeliveryStatus.BOUNCED, "5.1.1"),
                        org.assertj.core.groups.Tuple.tuple("carol@sink.test", DeliveryStatus.SENT, "2.0.0"));
        Delivery bounced = ev.stream().filter(Delivery.class::isInstance).map(Delivery.class::cast)
                .filter(d -> d.status() == DeliveryStatus.BOUNCED).findFirst().orElseThrow();
        assertThat(bounced.detail()).startsWith("host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <nobody@sink.test>: user unknown");
        assertThat(bounced.relay()).startsWith("127.0.0.1[127.0.0.1]:");
        assertThat(ev).filteredOn(Delivery.class::isInstance).map(e -> (Delivery) e)
                .filteredOn(d -> d.recipient().equals("real@sink.test")).singleElement()
                .satisfies(d -> assertThat(d.origRecipient()).isEqualTo("alias@sink.test"));
        assertThat(ev).filteredOn(Delivery.class::isInstance).map(e -> (Delivery) e)
                .anySatisfy(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.DEFERRED));
        assertThat(ev).contains(new BounceCreated(Instant.parse("2026-11-26T23:56:52Z"), "pf1", "2F5FC214039", "63E54214044"));
        // smtpd's HOLD comes before the queue id: it is attached to the next client= line of the same smtpd
        assertThat(ev).filteredOn(Held.class::isInstance).map(e -> (Held) e).extracting(Held::queueId)
                .containsExactly("3372D21403B", "36456214038");
        assertThat(ev).filteredOn(Released.class::isInstance).extracting(LogEvent::queueId).containsExactly("3372D21403B");
        assertThat(ev).filteredOn(Removed.class::isInstance).extracting(LogEvent::queueId)
                .contains("2807A214037", "36456214038", "3372D21403B");
    }

    @Test
    void syslogVariantsSaslInstancesAndQueueIdForms() throws IOException {
        MailLogParser p = postfix();
        List<LogEvent> ev = parseAll(p, resource("postfix-syslog-variants.txt"));
        assertThat(p.defects().count()).as("%s", p.defects().recent()).isZero();
        assertThat(ev.get(0)).isEqualTo(new ClientSubmission(Instant.parse("2026-11-26T10:00:00Z"), "mx1", "4C1B52C0A1F",
                "laptop.example.net", "203.0.113.7", "PLAIN", "alice@example.com"));
        assertThat(ev.get(1)).isEqualTo(new QueueActive(Instant.parse("2026-11-26T10:00:01.123456Z"), "mx1",
                "4C1B52C0A1F", "alice@example.com", 1234, 1));
        assertThat(ev.get(2)).isInstanceOfSatisfying(Delivery.class, d -> {
            assertThat(d.time()).isEqualTo(Instant.parse("2026-11-26T10:00:02Z"));
            assertThat(d.relay()).isEqualTo("mail.example.com[private/dovecot-lmtp]");
            assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
        });
        assertThat(ev.get(3)).isInstanceOfSatisfying(Delivery.class, d -> {
            assertThat(d.time()).isEqualTo(Instant.parse("2026-11-26T10:00:03Z"));
            assertThat(d.status()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(d.dsn()).isEqualTo("4.4.1");
            assertThat(d.detail()).isEqualTo("connect to remote.example[192.0.2.5]:25: Connection timed out");
        });
        assertThat(ev.get(4)).isInstanceOfSatisfying(Held.class, h -> {
            assertThat(h.queueId()).isEqualTo("5D2C63D1B20");
            assertThat(h.reason()).startsWith("END-OF-MESSAGE from localhost[127.0.0.1]: 4.7.1 held by backstop");
        });
        assertThat(ev.get(5)).isEqualTo(new Held(Instant.parse("2026-11-26T10:00:05Z"), "mx1", "5D2C63D1B20", "postsuper -h"));
        assertThat(ev.get(6)).isInstanceOfSatisfying(Delivery.class, d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(d.recipient()).isEmpty();
            assertThat(d.detail()).contains("expired");
        });
        assertThat(ev.get(7)).isInstanceOfSatisfying(Delivery.class, d -> assertThat(d.dsn()).isEqualTo("5.0.0"));
        assertThat(ev.get(8)).isInstanceOfSatisfying(Delivery.class, d -> assertThat(d.origRecipient()).isEqualTo("postmaster"));
        assertThat(ev.get(9)).isInstanceOfSatisfying(Delivery.class, d -> assertThat(d.queueId()).isEqualTo("3Pq7Xp0XyYzBcD"));
        assertThat(ev).hasSize(10); // the address-verification probe and dovecot's line are not mail events
    }

    @Test
    void bsdTimestampsWithoutAYearTakeLastYearWhenTheyWouldLieInTheFuture() {
        MailLogParser p = postfix();
        List<LogEvent> ev = p.parse("Dec 31 23:59:59 mx postfix/qmgr[1]: 4C1B52C0A1F: removed");
        assertThat(ev.get(0).time()).isEqualTo(Instant.parse("2025-12-31T23:59:59Z"));
    }

    @Test
    void eximMainLog() throws IOException {
        MailLogParser p = exim();
        List<LogEvent> ev = parseAll(p, resource("exim-mainlog.txt"));
        assertThat(p.defects().count()).as("%s", p.defects().recent()).isZero();

        assertThat(ev.get(0)).isEqualTo(new WorkingDirectory(Instant.parse("2026-11-26T10:00:01Z"), "", "",
                "/home/shop/public_html/contact", "/usr/sbin/sendmail -t -i", -1));
        assertThat(ev.get(1)).isEqualTo(new Arrival(Instant.parse("2026-11-26T10:00:01Z"), "", "1tXyZa-000Abc-Qr",
                "shop@host.example", "shop", "local", "", "", "", "", "20261126100001.abc@host.example", 1234,
                "Your invoice \"today\"", -1, ""));
        assertThat(ev.get(2)).isInstanceOfSatisfying(Delivery.class, d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(d.recipient()).isEqualTo("victim1@remote.example");
            assertThat(d.relay()).isEqualTo("mx.remote.example [192.0.2.10]");
            assertThat(d.detail()).isEqualTo("250 2.0.0 OK 1764151202 queued");
        });
        assertThat(ev.get(3)).isInstanceOf(Removed.class);
        assertThat(ev.get(4)).isInstanceOfSatisfying(Arrival.class, a -> {
            assertThat(a.protocol()).isEqualTo("esmtpa");
            assertThat(a.authenticator()).isEqualTo("dovecot_login");
            assertThat(a.authUser()).isEqualTo("alice@example.com");
            assertThat(a.clientIp()).isEqualTo("203.0.113.7");
            assertThat(a.clientName()).isEmpty();
            assertThat(a.subject()).isEqualTo("Hello");
        });
        assertThat(ev.get(5)).isInstanceOfSatisfying(Delivery.class, d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(d.dsn()).isEqualTo("5.1.1");
            assertThat(d.detail()).startsWith("SMTP error from remote mail server after RCPT TO:<bob@remote.example>: 550 5.1.1");
        });
        assertThat(ev.get(6)).isInstanceOfSatisfying(Delivery.class, d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(d.dsn()).isEqualTo("4.7.1");
            assertThat(d.relay()).isEqualTo("mx.other.example [198.51.100.3]");
        });
        assertThat(ev.get(7)).isInstanceOfSatisfying(Arrival.class, a -> {
            assertThat(a.sender()).isEmpty();
            assertThat(a.localUser()).isEqualTo("mailnull");
            assertThat(a.bounceOf()).isEqualTo("1tXyZb-000Abd-Ab");
        });
        assertThat(ev.get(8)).isInstanceOfSatisfying(Delivery.class, d -> {
            assertThat(d.recipient()).isEqualTo("alice");
            assertThat(d.origRecipient()).isEqualTo("alice@example.com");
            assertThat(d.relay()).isEqualTo("dovecot_delivery");
        });
        assertThat(ev.get(10)).isInstanceOfSatisfying(Arrival.class, a -> {
            assertThat(a.clientName()).isEqualTo("relay.example.net");
            assertThat(a.clientIp()).isEqualTo("2001:db8::25");
            assertThat(a.protocol()).isEqualTo("esmtps");
        });
        assertThat(ev.get(12)).isInstanceOfSatisfying(Delivery.class, d -> assertThat(d.recipient()).isEqualTo("list2@example.com"));
        assertThat(ev.get(13)).isInstanceOfSatisfying(Delivery.class, d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(d.recipient()).isEqualTo("nobody@unrouted.example");
            assertThat(d.detail()).isEqualTo("Unrouteable address");
        });
        assertThat(ev.get(15)).isEqualTo(new Arrival(Instant.parse("2026-11-26T09:00:08.123Z"), "",
                "1rXyZa-00000002Ab5-0Fq1", "www-data@host.example", "www-data", "local", "", "", "", "", "", 500,
                "new format id", 4242, ""));
        assertThat(ev.subList(16, ev.size())).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Held", "Released", "Removed");
    }

    @Test
    void eximThroughSyslog() {
        MailLogParser p = exim();
        List<LogEvent> ev = p.parse("Nov 26 10:00:01 mx3 exim[11721]: 2026-11-26 10:00:01 1tXyZa-000Abc-Qr <= a@b.example "
                + "H=(mail.b.example) [10.0.0.5]:7664 P=esmtp S=584817 id=x@y");
        assertThat(ev).singleElement().isInstanceOfSatisfying(Arrival.class, a -> {
            assertThat(a.host()).isEqualTo("mx3");
            assertThat(a.clientIp()).isEqualTo("10.0.0.5");
            assertThat(a.size()).isEqualTo(584817);
        });
    }

    @Test
    void garbageTruncatedAndHugeLinesAreDefectsNeverExceptions() throws IOException {
        MailLogParser p = postfix();
        List<LogEvent> ev = parseAll(p, resource("garbage.txt"));
        assertThat(ev).isEmpty();
        assertThat(p.defects().count()).isEqualTo(6);
        assertThat(p.defects().recent()).extracting(LogDefects.Defect::reason).contains(
                "no syslog or postfix line prefix", "postfix delivery line without to=<...> and status=",
                "postfix pickup line without uid and sender", "postfix qmgr line not understood");

        String huge = "Nov 26 10:00:11 mx1 postfix/smtp[1]: 9B6A07B5F64: to=<" + "a".repeat(1 << 20) + ">";
        assertThat(p.parse(huge)).isEmpty();
        assertThat(p.defects().count()).isEqualTo(7);
        assertThat(p.defects().recent().get(p.defects().recent().size() - 1).excerpt()).hasSizeLessThanOrEqualTo(LogDefects.EXCERPT + 3);

        MailLogParser e = exim();
        assertThat(parseAll(e, resource("garbage.txt"))).isEmpty();
        assertThat(parseAll(e, List.of("2026-13-45 99:00:00 1tXyZa-000Abc-Qr Completed", "\u0000\u0001\u00ff",
                "2026-11-26 10:00:00 1tXyZa-000Abc-Qr <= "))).isEmpty();
        assertThat(e.defects().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void defectListIsBounded() {
        LogDefects d = new LogDefects(3);
        MailLogParser p = new MailLogParser(MailLogParser.Format.POSTFIX, CLOCK, ZoneOffset.UTC, d);
        for (int i = 0; i < 1000; i++) {
            p.parse("garbage " + i);
        }
        assertThat(d.count()).isEqualTo(1000);
        assertThat(d.recent()).extracting(LogDefects.Defect::excerpt).containsExactly("garbage 997", "garbage 998", "garbage 999");
    }

    /** Found by the mutation test: a delivery line with no fields between to=<> and status= once threw. */
    @Test
    void regressionDeliveryWithoutFields() throws IOException {
        MailLogParser p = postfix();
        assertThat(parseAll(p, resource("regression-to-then-status.txt"))).isEmpty();
        assertThat(p.defects().recent()).noneMatch(d -> d.reason().startsWith("parser failure"));
    }
}
