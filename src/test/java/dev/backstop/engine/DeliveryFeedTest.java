package dev.backstop.engine;

import dev.backstop.testing.RecordingQueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.mta.DeliveryOutcome;
import dev.backstop.mta.DeliveryStatus;
import dev.backstop.mta.Submission;
import dev.backstop.outbound.Containment;
import dev.backstop.store.Durability;
import dev.backstop.store.Retention;
import dev.backstop.store.SentMessage;
import dev.backstop.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mail log's side of the engine, with a real store and containment and a queue that records its calls. */
class DeliveryFeedTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    private static Submission eximScript(int n, Instant t) {
        return new Submission(t, "web1", String.format("1tAbCd-%06d-Xy", n), "www@shop.example", 33, "www-data",
                "/var/www/shop", "/usr/sbin/sendmail -t -i", "local", "", "", "", "<m" + n + "@shop.example>", "");
    }

    @Test
    void withoutAMilterTheLogContainsARunawayScriptAndHoldsItsMail() {
        RecordingQueue queue = new RecordingQueue();
        try (SqliteStore store = SqliteStore.open(dir.resolve("b.db"), clock, Retention.DEFAULT, Durability.NORMAL);
             Containment containment = Containment.fromConfig(null, store, null, "web1", clock)) {
            DeliveryFeed feed = new DeliveryFeed(store, containment, queue);
            for (int n = 0; n < 60; n++) {
                feed.submission(eximScript(n, clock.instant()));
            }
            assertThat(containment.incidents(true)).singleElement()
                    .satisfies(i -> assertThat(i.source()).isEqualTo("script www-data:/var/www/shop"));
            assertThat(queue.held()).isNotEmpty().hasSizeLessThan(60).allMatch(id -> id.startsWith("1tAbCd-"));
        }
    }

    @Test
    void outcomesGoToTheLedgerAndAMilterCountedMessageIsNotCountedAgain() {
        RecordingQueue queue = new RecordingQueue();
        try (SqliteStore store = SqliteStore.open(dir.resolve("b.db"), clock, Retention.DEFAULT, Durability.NORMAL);
             Containment containment = Containment.fromConfig(null, store, null, "mx", clock)) {
            store.ledger().record(new SentMessage("4ABCDEF123", "<x@example.com>", "a@example.com", "a@example.com",
                    List.of("b@remote.example"), "sasl a@example.com", clock.instant(), null));
            DeliveryFeed feed = new DeliveryFeed(store, containment, queue);
            Submission s = new Submission(clock.instant(), "mx", "4ABCDEF123", "a@example.com", -1, "", "", "",
                    "esmtpa", "a@example.com", "192.0.2.9", "client", "<x@example.com>", "");
            feed.submission(s);
            feed.outcome(new DeliveryOutcome(clock.instant(), "mx", "4ABCDEF123", "b@remote.example", "",
                    DeliveryStatus.BOUNCED, "5.1.1", "user unknown", "mx.remote.example", Optional.of(s)));
            assertThat(store.ledger().deliveries("4ABCDEF123")).singleElement()
                    .satisfies(d -> assertThat(d.dsn()).isEqualTo("5.1.1"));
            assertThat(containment.source(dev.backstop.outbound.Source.parse("sasl a@example.com")))
                    .hasValueSatisfying(st -> {
                        assertThat(st.bounced1h()).isEqualTo(1);
                        assertThat(st.messages1h()).isZero(); // the milter would have counted it, not the log
                    });
            assertThat(queue.held()).isEmpty();
        }
    }
}
