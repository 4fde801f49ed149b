package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backstop.config.BackstopConfig;
import dev.backstop.engine.QuarantineRelease;
import dev.backstop.store.LedgerEntry;
import dev.backstop.store.QuarantineItem;
import dev.backstop.store.QuarantineQuery;
import dev.backstop.store.QuarantineStatus;
import dev.backstop.testing.PrivatePostfix;
import dev.backstop.testing.ReceivedMessage;
import dev.backstop.testing.SmtpClient;
import dev.backstop.testing.SmtpSink;
import dev.backstop.testing.TestDns;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 end to end: a private Postfix with Backstop's milter as {@code smtpd_milters} and
 * {@code non_smtpd_milters}, relaying into an SMTP sink, and a DNS server on loopback for SPF. Mail from 127.0.0.1
 * (sendmail, pickup) is ours; 127.0.0.2 stands for the internet. example.com signs with BATV (strict mode);
 * example.org is ours too but does not sign.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackscatterPostfixIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern TAGGED = Pattern.compile("prvs=\\d{4}[0-9a-f]{6}=alice@example\\.com");

    @TempDir
    static Path dir;

    static SmtpSink sink;
    static TestDns dns;
    static Daemon backstop;
    static PrivatePostfix postfix;
    static InetAddress internet;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/postfix")), "Debian's postfix is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "a private Postfix needs root");
        internet = InetAddress.getByName("127.0.0.2");
        sink = SmtpSink.start();
        dns = TestDns.start();
        // example.org's SPF allows only 192.0.2.0/24: a forged original that entered at 203.0.113.66 fails it
        dns.txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all");
        postfix = PrivatePostfix.builder().relayTo(sink.port())
                .param("relay_domains", "example.com example.org")
                .milterDefaultAction("tempfail")
                .build();
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, String.join("\n",
                "data_dir: " + dir.resolve("data"),
                "milter:",
                "  listen: inet:127.0.0.1:0",
                "web:",
                "  listen: 127.0.0.1:0",
                "batv:",
                "  domains: [example.com]",
                "  mode: strict",
                "  keys:",
                "    0: integration-test-secret-0001",
                "inbound:",
                "  domains: [example.com, example.org]",
                "  dns:",
                "    resolver: 127.0.0.1:" + dns.port(),
                "    timeout_ms: 2000",
                "outbound:",
                "  networks: [127.0.0.1/32]",
                "mta:",
                "  config_dir: " + postfix.configDir(),
                ""));
        backstop = Daemon.start(BackstopConfig.load(config), Clock.systemUTC());
        String milter = "inet:127.0.0.1:" + port(backstop);
        postfix.setParam("smtpd_milters", milter);
        postfix.setParam("non_smtpd_milters", milter);
        postfix.start();
    }

    static int port(Daemon d) {
        return ((dev.backstop.milter.MilterEndpoint.Inet) d.milterEndpoint()).port();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {postfix, backstop, dns, sink}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String message(String from, String to, String messageId) {
        return "From: " + from + "\nTo: " + to + "\nSubject: quarterly figures\nMessage-ID: " + messageId
                + "\nDate: Thu, 26 Nov 2026 10:00:00 +0000\n\nPlease find the figures below.\n";
    }

    /** A Postfix-style DSN for {@code rcpt}, quoting the original's headers with the given Received chain. */
    private static String bounce(String to, String rcpt, String originalId, String originalFrom, String received) {
        return "From: MAILER-DAEMON@mx.remote.example.net (Mail Delivery System)\nTo: " + to
                + "\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <" + UUID.randomUUID()
                + "@mx.remote.example.net>\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"BND\"\n\n"
                + "--BND\nContent-Type: text/plain\n\nThis is the mail system at host mx.remote.example.net.\n\n"
                + "I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n"
                + "<" + rcpt + ">: host mx.remote.example.net[198.51.100.7] said: 550 5.1.1 <" + rcpt
                + ">: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)\n\n"
                + "--BND\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.remote.example.net\n\n"
                + "Final-Recipient: rfc822; " + rcpt + "\nOriginal-Recipient: rfc822;" + rcpt
                + "\nAction: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.remote.example.net\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown\n\n"
                + "--BND\nContent-Type: text/rfc822-headers\n\n" + received + "From: " + originalFrom + "\nTo: " + rcpt
                + "\nSubject: quarterly figures\nMessage-ID: " + originalId + "\n\n--BND--\n";
    }

    private static ReceivedMessage awaitAt(String rcpt) {
        return sink.awaitMessage(m -> m.recipients().contains(rcpt), WAIT);
    }

    @Test
    @Order(1)
    void locallySubmittedMailLeavesWithATaggedSenderAndALedgerRow() {
        String id = "<report-1@example.com>";
        postfix.sendmail("alice@example.com", List.of("carol@remote.example.net"),
                bytes(message("alice@example.com", "carol@remote.example.net", id))).orThrow();
        ReceivedMessage m = awaitAt("carol@remote.example.net");
        assertThat(m.mailFrom()).matches(TAGGED);
        List<LedgerEntry> rows = backstop.store.ledger().byMessageId(id);
        assertThat(rows).singleElement().satisfies(e -> {
            assertThat(e.message().envelopeSender()).isEqualTo(m.mailFrom());
            assertThat(e.message().unsignedSender()).isEqualTo("alice@example.com");
            assertThat(e.message().queueId()).isNotBlank();
            assertThat(e.message().recipients()).containsExactly("carol@remote.example.net");
        });
    }

    @Test
    @Order(2)
    void aGenuineBounceToTheTaggedAddressIsDeliveredUntaggedWithTheVerdictHeaders() {
        String tagged = backstop.store.ledger().byMessageId("<report-1@example.com>").get(0).message().envelopeSender();
        SmtpClient.Result r = postfix.smtpSubmitFrom(internet, "", List.of(tagged),
                bytes(bounce(tagged, "carol@remote.example.net", "<report-1@example.com>", "alice@example.com", "")));
        assertThat(r.accepted()).as(r.transcript().toString()).isTrue();
        ReceivedMessage m = awaitAt("alice@example.com");
        assertThat(m.recipients()).containsExactly("alice@example.com");
        assertThat(m.header("X-Backstop-Verdict")).hasValueSatisfying(v -> assertThat(v).startsWith("genuine;")
                .contains("batv=genuine/decisive"));
        assertThat(m.header("X-Backstop-Bounce")).hasValueSatisfying(v -> assertThat(v)
                .contains("recipient=carol@remote.example.net").contains("reason=userunknown").contains("status=5.1.1"));
    }

    @Test
    @Order(3)
    void strictModeRejectsABounceToAnUntaggedAddressOfTheSigningDomain() {
        SmtpClient.Result r = postfix.smtpSubmitFrom(internet, "", List.of("alice@example.com"),
                bytes(bounce("alice@example.com", "x@remote.example.net", "<forged@example.com>", "alice@example.com", "")));
        assertThat(r.accepted()).isFalse();
        assertThat(r.rcptReplies().get("alice@example.com")).startsWith("550 5.7.1").contains("BATV");
    }

    @Test
    @Order(4)
    void aBounceQuotingOneOfOurMessageIdsWithoutATagIsGenuine() {
        String id = "<order-7@example.org>";
        postfix.sendmail("bob@example.org", List.of("dave@remote.example.net"),
                bytes(message("bob@example.org", "dave@remote.example.net", id))).orThrow();
        assertThat(awaitAt("dave@remote.example.net").mailFrom()).isEqualTo("bob@example.org"); // example.org does not sign
        SmtpClient.Result r = postfix.smtpSubmitFrom(internet, "", List.of("bob@example.org"),
                bytes(bounce("bob@example.org", "dave@remote.example.net", id, "bob@example.org", "")));
        assertThat(r.accepted()).as(r.transcript().toString()).isTrue();
        ReceivedMessage m = awaitAt("bob@example.org");
        assertThat(m.header("X-Backstop-Verdict")).hasValueSatisfying(v -> assertThat(v).startsWith("genuine;")
                .contains("ledger=genuine/decisive"));
    }

    @Test
    @Order(5)
    void forgedBackscatterIsQuarantinedByItsSpfFailureAndCanBeReleased() throws Exception {
        int queriesBefore = dns.queryCount();
        String received = "Received: from spambot.example.invalid (unknown [203.0.113.66])\n"
                + "\tby mx.remote.example.net (Postfix) with ESMTP id 4AB12\n\tfor <erin@remote.example.net>;"
                + " Thu, 26 Nov 2026 09:59:00 +0000 (UTC)\n";
        SmtpClient.Result r = postfix.smtpSubmitFrom(internet, "", List.of("bob@example.org"),
                bytes(bounce("bob@example.org", "erin@remote.example.net", "<forged-77@example.org>", "bob@example.org",
                        received)));
        assertThat(r.accepted()).as(r.transcript().toString()).isTrue();
        assertThat(dns.queryCount()).as("SPF was looked up over real DNS").isGreaterThan(queriesBefore);
        assertThat(dns.queries()).anyMatch(q -> q.contains("example.org"));

        List<QuarantineItem> held = backstop.store.quarantine()
                .list(QuarantineQuery.held(10).withMessageId("<forged-77@example.org>"));
        assertThat(held).singleElement().satisfies(i -> {
            assertThat(i.verdict()).isEqualTo("backscatter");
            assertThat(i.evidence()).contains("spf").contains("fail");
            assertThat(i.recipients()).containsExactly("bob@example.org");
        });
        Thread.sleep(500);
        assertThat(sink.messages()).noneMatch(m -> m.text().contains("<forged-77@example.org>"));

        QuarantineRelease.Result result = new QuarantineRelease(backstop.store, Wiring.sendmail(backstop.config))
                .release(held.get(0).id(), "test:admin");
        assertThat(result.problem()).isEmpty();
        ReceivedMessage released = sink.awaitMessage(m -> m.text().contains("<forged-77@example.org>"), WAIT);
        assertThat(released.recipients()).containsExactly("bob@example.org");
        assertThat(released.nullSender()).isTrue();
        assertThat(released.header("X-Backstop-Released")).hasValueSatisfying(v -> assertThat(v).contains("test:admin"));
        assertThat(backstop.store.quarantine().get(held.get(0).id()).orElseThrow().item().status())
                .isEqualTo(QuarantineStatus.RELEASED);
        assertThat(backstop.store.audit().recent(5)).anySatisfy(a -> assertThat(a.toString()).contains("test:admin"));
    }

    @Test
    @Order(6)
    void withBackstopStoppedPostfixFollowsMilterDefaultAction() throws Exception {
        backstop.milter.close();
        SmtpClient.Result r = postfix.smtpSubmitFrom(internet, "", List.of("bob@example.org"),
                bytes(bounce("bob@example.org", "z@remote.example.net", "<while-down@example.org>", "bob@example.org", "")));
        assertThat(r.accepted()).isFalse();
        assertThat(r.finalReply()).startsWith("451 4.7.1");

        postfix.setParam("milter_default_action", "accept");
        SmtpClient.Result r2 = postfix.smtpSubmitFrom(internet, "", List.of("bob@example.org"),
                bytes(bounce("bob@example.org", "z@remote.example.net", "<while-down-2@example.org>", "bob@example.org", "")));
        assertThat(r2.accepted()).as(r2.transcript().toString()).isTrue();
        ReceivedMessage m = sink.awaitMessage(x -> x.text().contains("<while-down-2@example.org>"), WAIT);
        assertThat(m.header("X-Backstop-Verdict")).isEmpty();
    }
}
