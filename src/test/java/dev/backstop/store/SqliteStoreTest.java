package dev.backstop.store;

import dev.backstop.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:00Z");

    @TempDir
    Path dir;
    MutableClock clock;
    SqliteStore store;

    @BeforeEach
    void open() {
        clock = new MutableClock(T0);
        store = SqliteStore.open(dir.resolve("backstop.db"), clock, Retention.DEFAULT, Durability.FULL);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private SentMessage sent(String queueId, String messageId, Instant time, String... recipients) {
        return new SentMessage(queueId, messageId, "prvs=0123abcdef=alice@example.com", "alice@example.com",
                List.of(recipients), "sasl alice@example.com", time, "dGVzdA==");
    }

    @Test
    void countsSentMailPerSourceAndBucket() {
        clock.advance(Duration.ofHours(3));
        store.ledger().record(sent("A1", "<a1@x>", T0, "x@remote.example")); // 10:15, sasl alice
        store.ledger().record(sent("A2", "<a2@x>", T0.plusSeconds(60 * 40), "x@remote.example")); // 10:55
        store.ledger().record(sent("A3", "<a3@x>", T0.plusSeconds(60 * 50), "x@remote.example")); // 11:05
        store.ledger().record(new SentMessage("B1", "<b1@x>", "bob@example.com", "bob@example.com",
                List.of("y@remote.example"), "user uid 1002", T0.plusSeconds(60 * 10), null)); // 10:25
        List<SourceCount> hourly = store.ledger().countPerSource(T0.minusSeconds(3600), clock.instant(),
                Duration.ofHours(1), null);
        Instant ten = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(hourly).containsExactly(
                new SourceCount(ten, "sasl alice@example.com", 2),
                new SourceCount(ten, "user uid 1002", 1),
                new SourceCount(ten.plusSeconds(3600), "sasl alice@example.com", 1));
        assertThat(store.ledger().countPerSource(T0, clock.instant(), Duration.ofMinutes(30), "user uid 1002"))
                .containsExactly(new SourceCount(Instant.parse("2026-03-01T10:00:00Z"), "user uid 1002", 1));
        // the window's end is exclusive, its start inclusive
        assertThat(store.ledger().countPerSource(T0.plusSeconds(1), T0.plusSeconds(60 * 50), Duration.ofHours(1), null))
                .extracting(SourceCount::count).containsExactly(1L, 1L);
        assertThatThrownBy(() -> store.ledger().countPerSource(T0, T0, Duration.ofMillis(10), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opensAtLatestSchemaWithWalMode() {
        assertThat(store.schemaVersion()).isEqualTo(Migrations.FILES.size());
        assertThat(store.integrityCheck()).containsExactly("ok");
        assertThat(dir.resolve("backstop.db-wal")).exists();
    }

    @Test
    void ledgerRoundTripsEveryField() {
        long id = store.ledger().record(sent("4XyZ1abc", "<Abc.123@Example.COM>", T0, "Bob@Remote.example", "carol@x.example"));
        List<LedgerEntry> found = store.ledger().byQueueId("4XyZ1abc");
        assertThat(found).hasSize(1);
        LedgerEntry e = found.get(0);
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.message()).isEqualTo(sent("4XyZ1abc", "<Abc.123@Example.COM>", T0, "Bob@Remote.example", "carol@x.example"));
        assertThat(e.deliveries()).isEmpty();
    }

    @Test
    void messageIdLookupIgnoresBracketsAndCase() {
        store.ledger().record(sent("Q1", "<Abc.123@Example.COM>", T0, "bob@remote.example"));
        assertThat(store.ledger().byMessageId("abc.123@example.com")).hasSize(1);
        assertThat(store.ledger().byMessageId(" <ABC.123@example.com> ")).hasSize(1);
        assertThat(store.ledger().byMessageId("<other@example.com>")).isEmpty();
        assertThat(store.ledger().byMessageId("  ")).isEmpty();
        assertThat(store.ledger().byMessageId(null)).isEmpty();
    }

    @Test
    void lookupsOnlySeeTheRetentionWindowEvenBeforePurge() {
        store.ledger().record(sent("OLD", "<old@example.com>", T0, "bob@remote.example"));
        clock.advance(Duration.ofDays(30).plusMinutes(1));
        store.ledger().record(sent("NEW", "<new@example.com>", clock.instant(), "bob@remote.example"));
        assertThat(store.ledger().byMessageId("old@example.com")).isEmpty();
        assertThat(store.ledger().byQueueId("OLD")).isEmpty();
        assertThat(store.ledger().byRecipient("bob@remote.example", 10))
                .extracting(e -> e.message().queueId()).containsExactly("NEW");
    }

    @Test
    void byAnyMessageIdFindsReferencedMessagesOnce() {
        store.ledger().record(sent("Q1", "<a@example.com>", T0, "x@remote.example"));
        store.ledger().record(sent("Q2", "<b@example.com>", T0.plusSeconds(5), "x@remote.example"));
        store.ledger().record(sent("Q3", "<c@example.com>", T0.plusSeconds(9), "x@remote.example"));
        List<LedgerEntry> found = store.ledger().byAnyMessageId(
                List.of("<a@example.com>", "<zzz@nowhere.example>", "B@EXAMPLE.COM", "<a@example.com>"));
        assertThat(found).extracting(e -> e.message().queueId()).containsExactly("Q2", "Q1");
        assertThat(store.ledger().byAnyMessageId(List.of())).isEmpty();
    }

    @Test
    void byRecipientIsCaseInsensitiveNewestFirstAndLimited() {
        for (int i = 0; i < 5; i++) {
            store.ledger().record(sent("Q" + i, "<m" + i + "@example.com>", T0.plusSeconds(i), "Dave@Remote.example"));
        }
        store.ledger().record(sent("OTHER", "<o@example.com>", T0, "erin@remote.example"));
        assertThat(store.ledger().byRecipient("<dave@remote.EXAMPLE>", 3))
                .extracting(e -> e.message().queueId()).containsExactly("Q4", "Q3", "Q2");
    }

    @Test
    void deliveryOutcomesKeepTheLatestPerRecipient() {
        store.ledger().record(sent("Q9", "<m@example.com>", T0, "bob@remote.example", "carol@remote.example"));
        store.ledger().recordDelivery(new Delivery("Q9", "bob@remote.example", DeliveryStatus.DEFERRED, "4.2.0",
                "mailbox busy", T0.plusSeconds(10)));
        store.ledger().recordDelivery(new Delivery("Q9", "BOB@remote.example", DeliveryStatus.SENT, "2.0.0",
                "250 ok", T0.plusSeconds(60)));
        // a late, older report must not overwrite the newer outcome
        store.ledger().recordDelivery(new Delivery("Q9", "bob@remote.example", DeliveryStatus.DEFERRED, "4.2.0",
                "late", T0.plusSeconds(30)));
        store.ledger().recordDelivery(new Delivery("Q9", "carol@remote.example", DeliveryStatus.BOUNCED, "5.1.1",
                "user unknown", T0.plusSeconds(11)));
        List<Delivery> d = store.ledger().deliveries("Q9");
        assertThat(d).extracting(Delivery::status).containsExactly(DeliveryStatus.SENT, DeliveryStatus.BOUNCED);
        assertThat(d.get(0).detail()).isEqualTo("250 ok");
        assertThat(d.get(1).dsn()).isEqualTo("5.1.1");
        assertThat(store.ledger().byRecipient("carol@remote.example", 1).get(0).deliveries()).hasSize(2);
    }

    @Test
    void quarantineHoldsWholeMessageAndIndex() {
        byte[] raw = "From: MAILER-DAEMON@remote.example\r\nSubject: Undelivered\r\n\r\nbody\r\n"
                .getBytes(StandardCharsets.UTF_8);
        QuarantineItem item = store.quarantine().put(new QuarantineEntry(T0, "", List.of("Alice@Example.com"),
                "<bounce1@remote.example>", "Undelivered", "unknown", "{\"evidence\":[]}", raw));
        assertThat(item.status()).isEqualTo(QuarantineStatus.HELD);
        QuarantinedMessage got = store.quarantine().get(item.id()).orElseThrow();
        assertThat(got.raw()).isEqualTo(raw);
        assertThat(got.item()).isEqualTo(item);
        assertThat(store.quarantine().get(item.id() + 1000)).isEmpty();
        assertThat(store.quarantine().count(QuarantineStatus.HELD)).isEqualTo(1);
    }

    @Test
    void quarantineListFilters() {
        byte[] raw = "x".getBytes(StandardCharsets.UTF_8);
        Quarantine q = store.quarantine();
        long a = q.put(new QuarantineEntry(T0, "", List.of("alice@example.com"), "<m1@r.example>", "s1", "unknown", "", raw)).id();
        long b = q.put(new QuarantineEntry(T0.plusSeconds(3600), "mailer-daemon@r.example", List.of("bob@example.com"),
                "<m2@r.example>", "s2", "backscatter", "", raw)).id();
        long c = q.put(new QuarantineEntry(T0.plusSeconds(7200), "", List.of("bob@example.com", "alice@example.com"),
                null, null, "unknown", "", raw)).id();
        assertThat(q.list(QuarantineQuery.all(10))).extracting(QuarantineItem::id).containsExactly(c, b, a);
        assertThat(q.list(QuarantineQuery.all(10).withRecipient("ALICE@example.com")))
                .extracting(QuarantineItem::id).containsExactly(c, a);
        assertThat(q.list(QuarantineQuery.all(10).withSender("Mailer-Daemon@R.example")))
                .extracting(QuarantineItem::id).containsExactly(b);
        assertThat(q.list(QuarantineQuery.all(10).withMessageId("m1@r.example")))
                .extracting(QuarantineItem::id).containsExactly(a);
        assertThat(q.list(QuarantineQuery.all(10).between(T0.plusSeconds(1), T0.plusSeconds(7200))))
                .extracting(QuarantineItem::id).containsExactly(b);
        assertThat(q.list(QuarantineQuery.all(2))).hasSize(2);
        assertThat(q.list(QuarantineQuery.all(10).withSender("")))
                .extracting(QuarantineItem::id).containsExactly(c, a);
    }

    @Test
    void releaseAndDeleteHappenOnceAndAreRecorded() {
        byte[] raw = "raw".getBytes(StandardCharsets.UTF_8);
        long a = store.quarantine().put(new QuarantineEntry(T0, "", List.of("a@example.com"), null, null, "unknown", "", raw)).id();
        long b = store.quarantine().put(new QuarantineEntry(T0, "", List.of("b@example.com"), null, null, "unknown", "", raw)).id();
        clock.advance(Duration.ofMinutes(5));
        assertThat(store.quarantine().markReleased(a, "admin")).isTrue();
        assertThat(store.quarantine().markReleased(a, "other")).isFalse();
        assertThat(store.quarantine().delete(a, "other")).isFalse();
        QuarantineItem released = store.quarantine().get(a).orElseThrow().item();
        assertThat(released.status()).isEqualTo(QuarantineStatus.RELEASED);
        assertThat(released.releasedBy()).isEqualTo("admin");
        assertThat(released.releasedAt()).isEqualTo(clock.instant());

        assertThat(store.quarantine().delete(b, "admin")).isTrue();
        QuarantinedMessage deleted = store.quarantine().get(b).orElseThrow();
        assertThat(deleted.item().status()).isEqualTo(QuarantineStatus.DELETED);
        assertThat(deleted.raw()).isEmpty();
        assertThat(store.quarantine().list(QuarantineQuery.held(10))).isEmpty();
        assertThat(store.quarantine().count(QuarantineStatus.RELEASED)).isEqualTo(1);
    }

    @Test
    void eventsListAndCountPerHour() {
        EventLog ev = store.events();
        ev.append(new Event(0, T0, "verdict.genuine", "bounce for bob", ""));
        ev.append(new Event(0, T0.plusSeconds(60), "verdict.backscatter", "forged", "{}"));
        ev.append(new Event(0, T0.plusSeconds(120), "verdict.backscatter", "forged", null));
        ev.append(new Event(0, T0.plusSeconds(3600), "verdict.backscatter", "forged", ""));
        clock.advance(Duration.ofHours(3));
        ev.append("incident.open", "script www-data:/x.php", "");
        assertThat(ev.recent(null, 2)).extracting(Event::type).containsExactly("incident.open", "verdict.backscatter");
        assertThat(ev.recent("verdict.backscatter", 10)).hasSize(3);
        assertThat(ev.recent(null, 10).get(0).time()).isEqualTo(clock.instant());
        Instant hour0 = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(ev.countPerHour(hour0, hour0.plus(Duration.ofHours(2)))).containsExactly(
                new HourlyCount(hour0, "verdict.backscatter", 2),
                new HourlyCount(hour0, "verdict.genuine", 1),
                new HourlyCount(hour0.plus(Duration.ofHours(1)), "verdict.backscatter", 1));
    }

    @Test
    void auditRecordsWhoWhatWhen() {
        store.audit().record("admin", "quarantine.release", "42");
        clock.advance(Duration.ofSeconds(1));
        store.audit().record("cli:root", "quarantine.delete", "43");
        List<AuditEntry> recent = store.audit().recent(10);
        assertThat(recent).extracting(AuditEntry::actor).containsExactly("cli:root", "admin");
        assertThat(recent.get(1).time()).isEqualTo(T0);
        assertThat(recent.get(1).action()).isEqualTo("quarantine.release");
        assertThat(recent.get(1).target()).isEqualTo("42");
    }

    @Test
    void purgeRemovesOnlyWhatRetentionAllows() {
        store.close();
        store = SqliteStore.open(dir.resolve("backstop.db"), clock, new Retention(30, 90, 10), Durability.NORMAL);
        byte[] raw = "raw".getBytes(StandardCharsets.UTF_8);
        store.ledger().record(sent("OLD", "<old@example.com>", T0, "bob@remote.example"));
        store.ledger().recordDelivery(new Delivery("OLD", "bob@remote.example", DeliveryStatus.SENT, null, null, T0));
        store.quarantine().put(new QuarantineEntry(T0, "", List.of("a@example.com"), null, null, "unknown", "", raw));
        store.events().append(new Event(0, T0, "x", "old", ""));
        store.audit().record("admin", "a", "t");
        clock.advance(Duration.ofDays(31));
        store.ledger().record(sent("NEW", "<new@example.com>", clock.instant(), "bob@remote.example"));
        store.quarantine().put(new QuarantineEntry(clock.instant(), "", List.of("a@example.com"), null, null, "unknown", "", raw));

        PurgeResult r = store.purge();
        assertThat(r).isEqualTo(new PurgeResult(1, 1, 0, 1));
        assertThat(store.ledger().countSince(Instant.EPOCH)).isEqualTo(1);
        assertThat(store.quarantine().list(QuarantineQuery.all(10))).hasSize(1);
        assertThat(store.events().recent("x", 10)).hasSize(1);
        assertThat(store.events().recent("retention", 10)).hasSize(1);
        assertThat(store.audit().recent(10)).hasSize(1);
        assertThat(store.purge().total()).isZero();
        assertThat(store.integrityCheck()).containsExactly("ok");
    }

    @Test
    void purgeWorksInBatchesBeyondOneBatch() {
        for (int i = 0; i < 4500; i++) {
            store.events().append(new Event(0, T0, "bulk", "e" + i, ""));
        }
        clock.advance(Duration.ofDays(91));
        assertThat(store.purge().events()).isEqualTo(4500);
        assertThat(store.events().recent("bulk", 10)).isEmpty();
    }

    @Test
    void closedStoreRefusesWork() {
        store.close();
        assertThatThrownBy(() -> store.ledger().byQueueId("Q")).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        store.close(); // idempotent
    }

    @Test
    void opensFromConfiguration() {
        var config = dev.backstop.config.BackstopConfig.parse("data_dir: " + dir.resolve("cfg") + "\n"
                + "store: {sqlite: {synchronous: normal}}\nretention: {ledger_days: 3}\n", "test");
        try (SqliteStore s = SqliteStore.fromConfig(config, clock)) {
            assertThat(s.retention()).isEqualTo(new Retention(3, 90, 30));
            assertThat(s.durability()).isEqualTo(Durability.NORMAL);
            assertThat(dir.resolve("cfg").resolve("backstop.db")).exists();
        }
    }

    @Test
    void dataSurvivesReopen() {
        long id = store.ledger().record(sent("Q1", "<m@example.com>", T0, "bob@remote.example"));
        store.close();
        store = SqliteStore.open(dir.resolve("backstop.db"), clock, Retention.DEFAULT, Durability.FULL);
        assertThat(store.ledger().byMessageId("m@example.com")).extracting(LedgerEntry::id).containsExactly(id);
    }

    @Test
    void concurrentWritersAndReadersDoNotLoseRows() throws Exception {
        int threads = 4;
        int perThread = 200;
        Thread[] ts = new Thread[threads];
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            int n = t;
            ts[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        store.ledger().record(sent("T" + n + "-" + i, "<" + n + "." + i + "@example.com>", T0, "r@remote.example"));
                        store.ledger().byMessageId(n + "." + i + "@example.com");
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(store.ledger().countSince(Instant.EPOCH)).isEqualTo((long) threads * perThread);
    }
}
