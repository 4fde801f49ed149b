package dev.backstop.outbound;

import dev.backstop.testing.MutableClock;
import dev.backstop.incident.Alert;
import dev.backstop.incident.AlertKind;
import dev.backstop.incident.Alerts;
import dev.backstop.incident.Incidents;
import dev.backstop.incident.Notifier;
import dev.backstop.store.Durability;
import dev.backstop.store.Retention;
import dev.backstop.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Containment on a real SQLite store, with a notifier that records alerts. */
final class ContainmentFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

    final MutableClock clock;
    final SqliteStore store;
    final Alerts alerts;
    final Incidents incidents;
    final Containment containment;
    final List<Alert> sent;

    ContainmentFixture(Path db, ContainmentPolicy policy, MutableClock clock, List<Alert> sent) {
        this.clock = clock;
        this.sent = sent;
        this.store = SqliteStore.open(db, clock, Retention.DEFAULT, Durability.NORMAL);
        Notifier recorder = new Notifier() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public void send(Alert alert) {
                sent.add(alert);
            }
        };
        this.alerts = new Alerts(store.incidents(), List.of(recorder), clock, 3, 1);
        this.incidents = new Incidents(store.incidents(), alerts, clock, policy.alerts().escalateFactor());
        this.containment = new Containment(policy, store, incidents, clock);
    }

    ContainmentFixture(Path db, ContainmentPolicy policy) {
        this(db, policy, new MutableClock(T0), new CopyOnWriteArrayList<>());
    }

    ContainmentDecision send(String source, List<String> recipients, String subject, String body, String queueId) {
        return containment.observe(new OutgoingMessage(Source.parse(source), "www-data@host.example", recipients,
                subject, ContentFingerprint.of(subject, body), queueId, clock.instant(),
                "From: www-data@host.example\nSubject: " + subject + "\nX-PHP-Originating-Script: 33:contact.php"));
    }

    void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    /** Waits for the alert executor, then counts alerts of one kind. */
    long alerts(AlertKind kind) throws InterruptedException {
        for (int i = 0; i < 100 && alerts.delivered() < sent.size(); i++) {
            Thread.sleep(10);
        }
        Thread.sleep(50);
        return sent.stream().filter(a -> a.kind() == kind).count();
    }

    @Override
    public void close() {
        alerts.close(2_000);
        store.close();
    }
}
