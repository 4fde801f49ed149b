package dev.backstop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.batv.Batv;
import dev.backstop.batv.BatvKey;
import dev.backstop.batv.KeyRing;
import dev.backstop.bounce.BounceReader;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.VerdictAction;
import dev.backstop.inbound.BackscatterGuard;
import dev.backstop.inbound.LedgerEvidence;
import dev.backstop.outbound.Containment;
import dev.backstop.store.Durability;
import dev.backstop.store.QuarantineItem;
import dev.backstop.store.QuarantineQuery;
import dev.backstop.store.Retention;
import dev.backstop.store.SqliteStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine end to end with a real SQLite store and the real bounce reader, driven as a transport would. */
class MailSessionTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    private SqliteStore store;
    private Batv batv;
    private Engine engine;

    @BeforeEach
    void setUp() {
        store = SqliteStore.open(dir.resolve("b.db"), clock, Retention.DEFAULT, Durability.NORMAL);
        engine = engine(BackstopConfig.BatvMode.NORMAL);
    }

    private Engine engine(BackstopConfig.BatvMode mode) {
        batv = Batv.of(KeyRing.of(0, List.of(BatvKey.of(0, "test-secret-0123456789"))), Set.of("example.com"), mode,
                7, clock);
        EngineSettings settings = new EngineSettings(Networks.parse(List.of("127.0.0.1/32")),
                EngineSettings.defaultActions(), VerdictAction.REJECT, 1 << 20);
        return new Engine(settings, store, batv, new BounceReader(),
                new BackscatterGuard(List.of(new LedgerEvidence(store.ledger()))),
                Containment.fromConfig(null, store, null, "mx.example.com", clock), null, clock, "mx.example.com");
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private static Outcome send(MailSession s, String from, List<String> rcpts, String message) {
        assertThat(s.mailFrom(from, null)).isEqualTo(Action.CONTINUE);
        for (String r : rcpts) {
            assertThat(s.rcptTo(r)).isEqualTo(Action.CONTINUE);
        }
        feed(s, message);
        return s.endOfMessage("4QUEUE1");
    }

    private static void feed(MailSession s, String message) {
        int end = message.indexOf("\n\n");
        for (String line : message.substring(0, end).split("\n(?![ \t])")) {
            int colon = line.indexOf(':');
            s.header(line.substring(0, colon), line.substring(colon + 1).stripLeading());
        }
        s.body(ByteBuffer.wrap(message.substring(end + 2).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static String bounceOf(String messageId, String rcpt) {
        return "From: MAILER-DAEMON@remote.example.net\nTo: alice@example.com\nSubject: Undelivered Mail Returned to Sender\n"
                + "Message-ID: <bounce-" + System.nanoTime() + "@remote.example.net>\n"
                + "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n"
                + "--B\nContent-Type: text/plain\n\nI'm sorry to have to inform you that your message could not be delivered.\n\n"
                + "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; remote.example.net\n\n"
                + "Final-Recipient: rfc822; " + rcpt + "\nAction: failed\nStatus: 5.1.1\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown\n\n"
                + "--B\nContent-Type: text/rfc822-headers\n\nFrom: alice@example.com\nTo: " + rcpt + "\n"
                + "Subject: hello\nMessage-ID: " + messageId + "\n\n--B--\n";
    }

    @Test
    void ourMailIsSignedWithBatvAndRecordedInTheLedger() {
        MailSession s = engine.open(new Client("127.0.0.1", "localhost", ""));
        Outcome o = send(s, "alice@example.com", List.of("bob@remote.example.net"),
                "From: alice@example.com\nTo: bob@remote.example.net\nSubject: hi\nMessage-ID: <m1@example.com>\n\nhello\n");
        assertThat(o.action()).isEqualTo(Action.CONTINUE);
        Change.ChangeSender cs = (Change.ChangeSender) o.changes().get(0);
        assertThat(cs.sender()).matches("prvs=0\\d{3}[0-9a-f]{6}=alice@example.com");
        assertThat(batv.verify(cs.sender()).valid()).isTrue();
        assertThat(store.ledger().byMessageId("<m1@example.com>")).singleElement().satisfies(e -> {
            assertThat(e.message().envelopeSender()).isEqualTo(cs.sender());
            assertThat(e.message().unsignedSender()).isEqualTo("alice@example.com");
            assertThat(e.message().queueId()).isEqualTo("4QUEUE1");
            assertThat(e.message().source()).isEqualTo("domain example.com");
        });
    }

    @Test
    void aBounceQuotingOurMessageIdIsGenuineAndDeliveredWithTheVerdictHeaders() {
        send(engine.open(new Client("127.0.0.1", "localhost", "")), "alice@example.com",
                List.of("nobody@remote.example.net"),
                "From: alice@example.com\nTo: nobody@remote.example.net\nSubject: hello\nMessage-ID: <ours-1@example.com>\n\nhi\n");
        MailSession in = engine.open(new Client("192.0.2.25", "remote.example.net", ""));
        Outcome o = send(in, "", List.of("alice@example.com"), bounceOf("<ours-1@example.com>", "nobody@remote.example.net"));
        assertThat(o.action()).isEqualTo(Action.CONTINUE);
        assertThat(o.changes()).contains(new Change.AddHeader("X-Backstop-Verdict", "genuine; ledger=genuine/decisive"));
        assertThat(o.changes()).anySatisfy(c -> assertThat(c).isInstanceOfSatisfying(Change.AddHeader.class, h -> {
            assertThat(h.name()).isEqualTo("X-Backstop-Bounce");
            assertThat(h.value()).contains("recipient=nobody@remote.example.net").contains("reason=userunknown")
                    .contains("status=5.1.1");
        }));
    }

    @Test
    void aForgedBounceIsQuarantinedWholeAndTakenOffTheMtasHands() {
        MailSession in = engine.open(new Client("192.0.2.25", "remote.example.net", ""));
        String bounce = bounceOf("<never-sent@example.com>", "victim@remote.example.net");
        Outcome o = send(in, "", List.of("alice@example.com"), bounce);
        assertThat(o.action()).isEqualTo(Action.DISCARD);
        List<QuarantineItem> held = store.quarantine().list(QuarantineQuery.held(10));
        assertThat(held).singleElement().satisfies(i -> {
            assertThat(i.verdict()).isEqualTo("unknown");
            assertThat(i.recipients()).containsExactly("alice@example.com");
            assertThat(i.messageId()).isEqualTo("<never-sent@example.com>");
        });
        String raw = new String(store.quarantine().get(held.get(0).id()).orElseThrow().raw(), StandardCharsets.UTF_8);
        assertThat(raw).contains("Final-Recipient: rfc822; victim@remote.example.net").contains("Subject: hello");
    }

    @Test
    void aValidTagPassesAtRcptAndIsStrippedBeforeDelivery() {
        String tagged = batv.sign("alice@example.com");
        MailSession in = engine.open(new Client("192.0.2.25", "remote.example.net", ""));
        Outcome o = send(in, "", List.of(tagged), bounceOf("<unknown@example.com>", "x@remote.example.net"));
        assertThat(o.action()).isEqualTo(Action.CONTINUE);
        assertThat(o.changes()).containsSubsequence(new Change.DeleteRecipient(tagged),
                new Change.AddRecipient("alice@example.com"));
        assertThat(o.changes()).contains(new Change.AddHeader("X-Backstop-Verdict", "genuine; batv=genuine/decisive"));
    }

    @Test
    void aBadTagIsRejectedAtRcptWithAReason() {
        String tagged = batv.sign("alice@example.com");
        String forged = tagged.substring(0, 10) + (tagged.charAt(10) == '0' ? '1' : '0') + tagged.substring(11);
        MailSession in = engine.open(new Client("192.0.2.25", "remote.example.net", ""));
        in.mailFrom("", null);
        Action a = in.rcptTo(forged);
        assertThat(a).isInstanceOfSatisfying(Action.Refuse.class, r -> {
            assertThat(r.code()).isEqualTo(550);
            assertThat(r.status()).isEqualTo("5.7.1");
            assertThat(r.text().get(0)).contains("BATV tag").contains("bad signature");
        });
    }

    @Test
    void strictModeRejectsBouncesToUntaggedAddressesOfSigningDomainsOnly() {
        Engine strict = engine(BackstopConfig.BatvMode.STRICT);
        MailSession in = strict.open(new Client("192.0.2.25", "remote.example.net", ""));
        in.mailFrom("", null);
        assertThat(in.rcptTo("alice@example.com")).isInstanceOf(Action.Refuse.class);
        assertThat(in.rcptTo("carol@other.example.org")).isEqualTo(Action.CONTINUE);
        in.mailFrom("someone@remote.example.net", null);
        assertThat(in.rcptTo("alice@example.com")).isEqualTo(Action.CONTINUE); // ordinary mail is not a bounce
    }

    @Test
    void forgedVerdictHeadersFromOutsideAreRemoved() {
        MailSession in = engine.open(new Client("192.0.2.25", "remote.example.net", ""));
        Outcome o = send(in, "bob@remote.example.net", List.of("alice@example.com"),
                "From: bob@remote.example.net\nX-Backstop-Verdict: genuine\nX-Backstop-Verdict: genuine\nSubject: hi\n\nbody\n");
        assertThat(o.action()).isEqualTo(Action.CONTINUE);
        assertThat(o.changes()).containsExactly(new Change.DeleteHeader("X-Backstop-Verdict", 2),
                new Change.DeleteHeader("X-Backstop-Verdict", 1));
    }
}
