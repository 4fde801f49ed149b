package dev.backstop.outbound;

import dev.backstop.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.incident.AlertKind;
import dev.backstop.incident.Incident;
import dev.backstop.store.AuditEntry;
import dev.backstop.store.HeldState;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainmentTest {
    private static final String FORM = "script 33:/var/www/shop/contact.php";
    private static final String PHISH = "Dear %s, your mailbox is full. Verify at http://x.example/%d now. Regards";
    private static final List<String> FRIENDS = List.of("anna@example.org", "bert@example.net", "carla@example.com",
            "dora@example.org", "emil@example.de");

    @TempDir
    Path dir;

    private static String queueId(int i) {
        return String.format("4F%08X", i);
    }

    @Test
    void aContactFormSprayingRandomRecipientsIsContainedAfterAFewDozenWithOneAlertAndOneEscalation() throws Exception {
        try (ContainmentFixture f = new ContainmentFixture(dir.resolve("b.db"), ContainmentPolicy.defaults())) {
            Random random = new Random(4);
            int accepted = 0;
            int held = 0;
            long incidentId = 0;
            for (int i = 0; i < 2_000; i++) {
                String rcpt = "u" + random.nextInt(1_000_000) + "@" + List.of("gmail.example", "yahoo.example",
                        "web.example").get(i % 3);
                ContainmentDecision d = f.send(FORM, List.of(rcpt), "Mailbox full",
                        String.format(PHISH, "Name" + i, i), queueId(i));
                if (d.action() == ContainmentAction.ACCEPT) {
                    assertThat(held).as("nothing accepted once contained").isZero();
                    accepted++;
                } else {
                    assertThat(d.action()).isEqualTo(ContainmentAction.HOLD);
                    assertThat(d.inIncident()).isTrue();
                    incidentId = d.incidentId();
                    held++;
                }
                f.advance(5); // 200 messages a second
            }
            System.out.printf("contact form: %d accepted before containment, %d held%n", accepted, held);
            assertThat(accepted).isBetween(5, 30);
            Incident incident = f.containment.incident(incidentId).orElseThrow();
            assertThat(incident.source()).isEqualTo(FORM);
            assertThat(incident.open()).isTrue();
            assertThat(incident.held()).isEqualTo(held);
            assertThat(incident.reason()).contains("repeated_content_10m");
            assertThat(incident.subject()).isEqualTo("Mailbox full");
            assertThat(incident.sample()).contains("X-PHP-Originating-Script").doesNotContain("Verify");
            assertThat(incident.topDomains()).contains("gmail.example", "yahoo.example", "web.example");
            assertThat(f.containment.heldQueueIds(incidentId)).hasSize(held).contains(queueId(1_999));
            assertThat(f.containment.isFrozen(Source.parse(FORM))).isTrue();
            assertThat(f.alerts(AlertKind.OPENED)).isEqualTo(1);
            assertThat(f.alerts(AlertKind.ESCALATED)).isEqualTo(1);

            // purge half, then resolve: the source sends again from fresh counts
            List<String> some = f.containment.heldQueueIds(incidentId).subList(0, 10);
            assertThat(f.containment.queueAction(incidentId, some, HeldState.PURGED, "alice")).isEqualTo(10);
            assertThat(f.containment.heldQueueIds(incidentId)).hasSize(held - 10);
            assertThat(f.containment.resolve(incidentId, "alice")).get().extracting(Incident::open).isEqualTo(false);
            assertThat(f.containment.resolve(incidentId, "alice")).isEmpty();
            assertThat(f.alerts(AlertKind.RESOLVED)).isEqualTo(1);
            assertThat(f.alerts(AlertKind.OPENED)).isEqualTo(1);
            assertThat(f.containment.isFrozen(Source.parse(FORM))).isFalse();
            assertThat(f.send(FORM, List.of("owner@shop.example"), "Contact", "hello", queueId(5_000)).action())
                    .isEqualTo(ContainmentAction.ACCEPT);
            assertThat(f.store.audit().recent(10)).extracting(AuditEntry::action)
                    .contains("incident.purge", "incident.resolve");
            assertThat(f.store.audit().recent(10)).extracting(AuditEntry::actor).contains("alice");
        }
    }

    @Test
    void anOrdinaryUserAtOneMessageASecondToFixedCorrespondentsIsNeverContained() throws Exception {
        try (ContainmentFixture f = new ContainmentFixture(dir.resolve("b.db"), ContainmentPolicy.defaults())) {
            for (int i = 0; i < 2 * 3_600; i++) { // two hours
                List<String> to = i % 10 == 0 ? FRIENDS.subList(0, 3) : List.of(FRIENDS.get(i % FRIENDS.size()));
                ContainmentDecision d = f.send("user uid 1000", to, "Re: plans " + (i % 7),
                        "Hi, about the plans: " + List.of("yes", "no", "maybe", "later").get(i % 4) + " see you", queueId(i));
                assertThat(d.action()).as("message %d", i).isEqualTo(ContainmentAction.ACCEPT);
                f.containment.delivery("user uid 1000", i % 50 == 0 ? DeliveryOutcome.DEFERRED : DeliveryOutcome.SENT);
                // a spraying form at the same time does not drag the user in
                f.send(FORM, List.of("x" + i + "@random.example"), "Win", "you won " + i, queueId(100_000 + i));
                f.advance(1_000);
            }
            assertThat(f.containment.isFrozen(Source.parse("user uid 1000"))).isFalse();
            assertThat(f.containment.isFrozen(Source.parse(FORM))).isTrue();
            assertThat(f.containment.incidents(true)).extracting(Incident::source).containsExactly(FORM);
            SourceStats user = f.containment.source(Source.parse("user uid 1000")).orElseThrow();
            assertThat(user.messages1h()).isBetween(3_000L, 3_600L);
            assertThat(user.distinctRecipients1h()).isEqualTo(5);
        }
    }

    @Test
    void anAllowListedScriptIsNeverContained() throws Exception {
        String news = "script 33:/var/www/news/send.php";
        ContainmentPolicy policy = ContainmentPolicy.parse("sources:\n  \"" + news + "\":\n    allow: true\n", "p");
        try (ContainmentFixture f = new ContainmentFixture(dir.resolve("b.db"), policy)) {
            f.containment.allow(Source.parse("sasl list@example.com"), "alice");
            for (int i = 0; i < 1_000; i++) {
                assertThat(f.send(news, List.of("sub" + i + "@example.org"), "News", "issue 7", queueId(i)).action())
                        .isEqualTo(ContainmentAction.ACCEPT);
                assertThat(f.send("sasl list@example.com", List.of("sub" + i + "@example.org"), "News", "issue 7",
                        queueId(i)).action()).isEqualTo(ContainmentAction.ACCEPT);
                f.advance(100);
            }
            assertThat(f.containment.incidents(false)).isEmpty();
            assertThat(f.containment.source(Source.parse(news)).orElseThrow().messages10m()).isEqualTo(1_000);
            assertThat(f.containment.source(Source.parse(news)).orElseThrow().allowed()).isTrue();
            assertThat(f.alerts(AlertKind.OPENED)).isZero();
        }
    }

    @Test
    void dryRunContainsNothingButCountsWhatItWouldHaveDone() throws Exception {
        ContainmentPolicy policy = ContainmentPolicy.parse("dry_run: true\n", "p");
        try (ContainmentFixture f = new ContainmentFixture(dir.resolve("b.db"), policy)) {
            for (int i = 0; i < 500; i++) {
                assertThat(f.send(FORM, List.of("v" + i + "@example.org"), "Win", String.format(PHISH, "N", i),
                        queueId(i)).action()).isEqualTo(ContainmentAction.ACCEPT);
                f.advance(10);
            }
            assertThat(f.containment.dryRunHits()).isGreaterThan(400);
            assertThat(f.containment.incidents(false)).isEmpty();
            assertThat(f.containment.isFrozen(Source.parse(FORM))).isFalse();
            assertThat(f.store.sourceMarks().all()).isEmpty();
            assertThat(f.alerts(AlertKind.OPENED)).isZero();
        }
    }

    @Test
    void manyDeliveryFailuresContainASourceThatSendsLittle() throws Exception {
        try (ContainmentFixture f = new ContainmentFixture(dir.resolve("b.db"), ContainmentPolicy.defaults())) {
            String sasl = "sasl bob@example.com";
            for (int i = 0; i < 40; i++) {
                f.send(sasl, List.of(FRIENDS.get(i % 5)), "hi", "text " + (char) ('a' + i % 26), queueId(i));
                f.containment.delivery(sasl, i % 4 == 0 ? DeliveryOutcome.SENT : DeliveryOutcome.BOUNCED);
                f.advance(30_000);
            }
            assertThat(f.containment.isFrozen(Source.parse(sasl))).isTrue();
            Incident i = f.containment.incidents(true).get(0);
            assertThat(i.reason()).startsWith("failure_ratio");
            assertThat(f.send(sasl, List.of("anna@example.org"), "hi", "x", queueId(99)).action())
                    .isEqualTo(ContainmentAction.HOLD);
        }
    }

    @Test
    void frozenAllowedAndIncidentsSurviveARestartAndAlertsAreNotRepeated() throws Exception {
        Path db = dir.resolve("b.db");
        long incidentId;
        var sent = new java.util.concurrent.CopyOnWriteArrayList<dev.backstop.incident.Alert>();
        MutableClock clock = new MutableClock(ContainmentFixture.T0);
        try (ContainmentFixture f = new ContainmentFixture(db, ContainmentPolicy.defaults(), clock, sent)) {
            incidentId = f.containment.freeze(Source.parse("ip 203.0.113.7"), "alice").id();
            f.containment.allow(Source.parse("user uid 33"), "bob");
            assertThat(f.send("ip 203.0.113.7", List.of("a@example.org"), "s", "b", "ABCDE12345").action())
                    .isEqualTo(ContainmentAction.HOLD);
            assertThat(f.alerts(AlertKind.OPENED)).isEqualTo(1);
        }
        try (ContainmentFixture f = new ContainmentFixture(db, ContainmentPolicy.defaults(), clock, sent)) {
            assertThat(f.containment.isFrozen(Source.parse("ip 203.0.113.7"))).isTrue();
            ContainmentDecision d = f.send("ip 203.0.113.7", List.of("b@example.org"), "s", "b", "ABCDE12346");
            assertThat(d.action()).isEqualTo(ContainmentAction.HOLD);
            assertThat(d.incidentId()).isEqualTo(incidentId);
            assertThat(f.containment.heldQueueIds(incidentId)).containsExactly("ABCDE12345", "ABCDE12346");
            assertThat(f.containment.incident(incidentId).orElseThrow().held()).isEqualTo(2);
            assertThat(f.containment.sources()).filteredOn(SourceStats::allowed).extracting(SourceStats::source)
                    .containsExactly("user uid 33");
            // a second "opened" for the same incident is refused by the store's de-duplication
            assertThat(f.alerts.raise(AlertKind.OPENED, f.containment.incident(incidentId).orElseThrow())).isFalse();
            assertThat(f.alerts(AlertKind.OPENED)).isEqualTo(1);
            f.containment.unfreeze(Source.parse("ip 203.0.113.7"), "carol");
            assertThat(f.alerts(AlertKind.RESOLVED)).isEqualTo(1);
            assertThat(f.store.audit().recent(10)).extracting(e -> e.actor() + " " + e.action())
                    .contains("alice source.freeze", "bob source.allow", "carol source.unfreeze");
        }
        try (ContainmentFixture f = new ContainmentFixture(db, ContainmentPolicy.defaults(), clock, sent)) {
            assertThat(f.containment.isFrozen(Source.parse("ip 203.0.113.7"))).isFalse();
            assertThat(f.containment.incidents(true)).isEmpty();
            assertThat(f.containment.incidents(false)).hasSize(1);
        }
    }

    @Test
    void hostileSourcesAndQueueIdsAreBoundedAndCountedAsDefects() throws Exception {
        try (ContainmentFixture f = new ContainmentFixture(dir.resolve("b.db"), ContainmentPolicy.defaults())) {
            Source huge = new Source(Source.Kind.SCRIPT, "33:/var/www/$(rm -rf /);`id`|x\n" + "A".repeat(100_000));
            assertThat(huge.name().length()).isLessThanOrEqualTo(Source.MAX_NAME + 3);
            assertThat(huge.name()).doesNotContain("\n");
            Incident i = f.containment.freeze(huge, "alice");
            ContainmentDecision d = f.send(huge.toString(), List.of("a@example.org"), "s", "b", "; rm -rf / #");
            assertThat(d.action()).isEqualTo(ContainmentAction.HOLD);
            assertThat(f.containment.heldQueueIds(i.id())).isEmpty();
            f.containment.delivery("garbage", DeliveryOutcome.BOUNCED);
            f.containment.delivery("x".repeat(100_000), DeliveryOutcome.BOUNCED);
            f.containment.delivery("", DeliveryOutcome.SENT);
            assertThat(f.containment.defects()).isEqualTo(4);
            assertThat(f.containment.recentDefects()).allSatisfy(s -> assertThat(s.length()).isLessThan(300));
        }
    }

    @Test
    void observeIsCheapOnTheMailPath() throws Exception {
        try (ContainmentFixture f = new ContainmentFixture(dir.resolve("b.db"), ContainmentPolicy.defaults())) {
            int n = 200_000;
            OutgoingMessage[] msgs = new OutgoingMessage[1000];
            for (int i = 0; i < msgs.length; i++) {
                msgs[i] = new OutgoingMessage(Source.parse("sasl user" + i + "@example.com"), "s@example.com",
                        List.of(FRIENDS.get(i % 5), FRIENDS.get((i + 1) % 5)), "s", i % 7, "Q" + i, f.clock.instant(), "");
            }
            java.time.Instant t = f.clock.instant();
            for (int i = 0; i < n; i++) { // warm up; 100 messages a second over 1,000 sources
                OutgoingMessage m = msgs[i % msgs.length];
                f.containment.observe(new OutgoingMessage(m.source(), m.sender(), m.recipients(), m.subject(),
                        m.fingerprint(), m.queueId(), t.plusMillis(10L * i), m.headers()));
            }
            OutgoingMessage[] timed = new OutgoingMessage[n];
            for (int i = 0; i < n; i++) {
                OutgoingMessage m = msgs[i % msgs.length];
                timed[i] = new OutgoingMessage(m.source(), m.sender(), m.recipients(), m.subject(), m.fingerprint(),
                        m.queueId(), t.plusMillis(10L * (n + i)), m.headers());
            }
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (f.containment.observe(timed[i]).action() != ContainmentAction.ACCEPT) {
                    throw new AssertionError("contained " + timed[i].source());
                }
            }
            double micros = (System.nanoTime() - start) / 1_000.0 / n;
            System.out.printf("observe: %.2f us per message (accepted path, 1,000 sources)%n", micros);
            assertThat(micros).isLessThan(50);
            assertThat(f.containment.incidents(false)).isEmpty();
        }
    }

    @Test
    void aNewSourceMeetsStricterThresholdsDuringItsFirstHour() throws Exception {
        ContainmentPolicy policy = ContainmentPolicy.parse("new_source_factor: 0.5\n", "p");
        try (ContainmentFixture f = new ContainmentFixture(dir.resolve("b.db"), policy)) {
            int accepted = 0;
            for (int i = 0; i < 20; i++) {
                if (f.send(FORM, List.of("n" + i + "@example.org"), "Win", "you won", queueId(i)).action()
                        == ContainmentAction.ACCEPT) {
                    accepted++;
                }
                f.advance(1_000);
            }
            assertThat(accepted).isEqualTo(5); // repeated_content_10m 10 halved
            assertThat(f.containment.incidents(true).get(0).reason()).isEqualTo("repeated_content_10m 6 > 5");
        }
    }

    @Test
    void fromConfigWithoutPolicyFileUsesTheEmbeddedDefaults() throws Exception {
        try (var store = dev.backstop.store.SqliteStore.open(dir.resolve("c.db"), java.time.Clock.systemUTC(),
                dev.backstop.store.Retention.DEFAULT, dev.backstop.store.Durability.NORMAL);
             Containment c = Containment.fromConfig(new dev.backstop.config.BackstopConfig.Outbound(List.of(), null,
                     null, null, dev.backstop.config.VerdictAction.HOLD), store, null, "host.example", java.time.Clock.systemUTC())) {
            assertThat(c.policy()).isEqualTo(ContainmentPolicy.defaults());
            assertThat(c.sources()).isEmpty();
        }
    }

    @Test
    void theDaemonSeesWhatTheAdminCommandChangedInTheStore() throws Exception {
        Path db = dir.resolve("b.db");
        try (ContainmentFixture daemon = new ContainmentFixture(db, ContainmentPolicy.defaults());
             ContainmentFixture cli = new ContainmentFixture(db, ContainmentPolicy.defaults(), daemon.clock,
                     new java.util.concurrent.CopyOnWriteArrayList<>())) {
            String ip = "ip 198.51.100.9";
            assertThat(daemon.send(ip, List.of("a@example.org"), "s", "b", "AAAAA00001").action())
                    .isEqualTo(ContainmentAction.ACCEPT);
            Incident frozen = cli.containment.freeze(Source.parse(ip), "alice");
            daemon.advance(Containment.REFRESH_MS);
            ContainmentDecision d = daemon.send(ip, List.of("a@example.org"), "s", "b", "AAAAA00002");
            assertThat(d.action()).isEqualTo(ContainmentAction.HOLD);
            assertThat(d.incidentId()).isEqualTo(frozen.id());
            assertThat(cli.containment.resolve(frozen.id(), "alice")).isPresent();
            daemon.advance(Containment.REFRESH_MS);
            assertThat(daemon.send(ip, List.of("a@example.org"), "s", "b", "AAAAA00003").action())
                    .isEqualTo(ContainmentAction.ACCEPT);
            assertThat(daemon.containment.incident(frozen.id()).orElseThrow().held()).isEqualTo(1);
            assertThat(daemon.containment.heldQueueIds(frozen.id())).containsExactly("AAAAA00002");
        }
    }
}
