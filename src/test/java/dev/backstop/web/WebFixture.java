package dev.backstop.web;

import dev.backstop.testing.RecordingQueue;

import dev.backstop.config.BackstopConfig;
import dev.backstop.engine.QuarantineRelease;
import dev.backstop.mta.Sendmail;
import dev.backstop.outbound.Containment;
import dev.backstop.outbound.DeliveryOutcome;
import dev.backstop.outbound.OutgoingMessage;
import dev.backstop.outbound.Source;
import dev.backstop.store.Event;
import dev.backstop.store.IncidentRecord;
import dev.backstop.store.QuarantineEntry;
import dev.backstop.store.SentMessage;
import dev.backstop.store.SqliteStore;
import dev.backstop.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A real dashboard on 127.0.0.1:0 over a real SQLite store with a few quarantined messages, ledger rows and
 * verdict events; releases go to a stand-in sendmail script that records what it was given.
 */
final class WebFixture implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";

    final Path dir;
    final Store store;
    final WebServer server;
    final AdminPassword password;
    final Path sendmailLog;
    final long heldToAlice;
    final long heldToBob;
    final long heldThird;
    final Containment containment;
    final RecordingQueue queue = new RecordingQueue();
    /** An open incident of a frozen source with held mail (queue ids {@link #HELD_IDS}). */
    final long incidentHeld;
    /** An open incident of a frozen source with nothing held. */
    final long incidentEmpty;
    static final List<String> HELD_IDS = List.of("4ABC0001", "4ABC0002", "4ABC0003");
    static final Source RUNAWAY = new Source(Source.Kind.SASL, "mallory@example.com");
    /** Acted on by the tests (frozen, allowed). */
    static final Source QUIET = new Source(Source.Kind.SASL, "dave@example.com");
    /** Sent 4 messages, one bounced; left alone by the tests. */
    static final Source BUSY = new Source(Source.Kind.SASL, "erin@example.com");
    static final Source FROZEN = new Source(Source.Kind.SCRIPT, "/var/www/form.php");

    WebFixture(Path dir, boolean withPassword) throws IOException {
        this.dir = dir;
        BackstopConfig c = BackstopConfig.parse("data_dir: " + dir.resolve("data") + "\n", "test");
        Files.createDirectories(c.dataDir());
        store = SqliteStore.fromConfig(c, Clock.systemUTC());
        password = AdminPassword.inDataDir(c.dataDir());
        if (withPassword) {
            // the weakest hash the server accepts, so the tests log in quickly; production uses ITERATIONS
            Files.writeString(password.file(), PasswordHash.hash(PASSWORD.toCharArray(), new SecureRandom(),
                    PasswordHash.MIN_ITERATIONS));
        }
        sendmailLog = dir.resolve("sendmail.log");
        Path sendmail = dir.resolve("sendmail");
        Files.writeString(sendmail, "#!/bin/sh\necho \"$@\" >> '" + sendmailLog + "'\ncat > /dev/null\n");
        Files.setPosixFilePermissions(sendmail, PosixFilePermissions.fromString("rwx------"));
        Instant now = Instant.now();
        heldToAlice = put(now.minusSeconds(300), "alice@example.com", "<bs-1@spam.example>", "Undelivered: cheap pills",
                "backscatter");
        heldToBob = put(now.minusSeconds(200), "bob@example.com", "<bs-2@spam.example>", "Returned mail: see transcript",
                "unknown");
        heldThird = put(now.minusSeconds(100), "carol@example.com", "<bs-3@spam.example>", "Delivery failure <script>",
                "unknown");
        for (int i = 0; i < 5; i++) {
            store.events().append(new Event(0, now.minus(i, ChronoUnit.HOURS), "verdict.backscatter",
                    "backscatter to alice@example.com", "quarantine"));
        }
        store.events().append(new Event(0, now.minusSeconds(60), "verdict.genuine",
                "genuine bounce to dave@example.com", "deliver: ledger; recipient=x@remote.example; original=<m1@example.com>"));
        store.ledger().record(new SentMessage("Q1", "<m1@example.com>", "dave@example.com", "dave@example.com",
                List.of("x@remote.example"), "sasl dave@example.com", now.minusSeconds(600), null));
        for (int i = 0; i < 4; i++) { // erin's mail over the last hours: her sparkline and the overview's chart
            store.ledger().record(new SentMessage("5DEF00" + (10 + i), "<e" + i + "@example.com>", "erin@example.com",
                    "erin@example.com", List.of("x" + i + "@remote.example"), BUSY.toString(),
                    now.minus(i, ChronoUnit.HOURS), null));
        }
        containment = Containment.fromConfig(null, store, null, "test.example", Clock.systemUTC());
        for (int i = 0; i < 4; i++) {
            containment.observe(new OutgoingMessage(BUSY, "erin@example.com", List.of("x" + i + "@remote.example"),
                    "hello", i, "5DEF000" + i, now, "Subject: hello"));
        }
        containment.delivery(BUSY.toString(), DeliveryOutcome.BOUNCED);
        containment.observe(new OutgoingMessage(QUIET, "dave@example.com", List.of("y@remote.example"), "hi", 9,
                "5DEF0009", now, "Subject: hi"));
        // as containment opens one when a threshold is crossed: with the first message's subject and headers
        incidentHeld = store.incidents().open(new IncidentRecord(0, RUNAWAY.toString(), "messages_10m 240 > 200", true,
                now, now, 1, 0, 1, 1, "", "Win a <prize>", "From: mallory@example.com\r\nSubject: Win a <prize>", null,
                null));
        store.sourceMarks().setFrozen(RUNAWAY.toString(), true, Containment.SYSTEM_ACTOR, "messages_10m 240 > 200");
        containment.refresh();
        for (String q : HELD_IDS) {
            containment.observe(new OutgoingMessage(RUNAWAY, "mallory@example.com", List.of("v@victim.example"),
                    "Win a <prize>", 7, q, now, "From: mallory@example.com\r\nSubject: Win a <prize>"));
        }
        incidentEmpty = containment.freeze(FROZEN, "test").id();
        server = WebServer.start(new WebSetup("127.0.0.1", 0, password, false, store,
                new QuarantineRelease(store, new Sendmail(sendmail, null, Duration.ofSeconds(10))),
                () -> List.of(new ListenerStatus("milter", "inet:127.0.0.1:8830", true, 2)), c.toMaskedMap(),
                Clock.systemUTC(), new WebMetrics(store, Clock.systemUTC()), containment, queue));
    }

    private long put(Instant t, String rcpt, String mid, String subject, String verdict) {
        String raw = "From: MAILER-DAEMON@remote.example\r\nTo: " + rcpt + "\r\nMessage-ID: " + mid + "\r\nSubject: "
                + subject + "\r\n\r\nbody\r\n";
        return store.quarantine().put(new QuarantineEntry(t, "", List.of(rcpt), mid, subject, verdict,
                "{\"evidence\":\"spf fail\"}", raw.getBytes(StandardCharsets.UTF_8))).id();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    String sendmailCalls() throws IOException {
        return Files.exists(sendmailLog) ? Files.readString(sendmailLog) : "";
    }

    @Override
    public void close() {
        server.close();
        containment.close();
        store.close();
    }
}
