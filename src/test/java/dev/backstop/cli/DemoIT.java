package dev.backstop.cli;

import static dev.backstop.demo.DemoStory.Fate.DELIVERED;
import static dev.backstop.demo.DemoStory.Fate.HELD;
import static dev.backstop.demo.DemoStory.Fate.QUARANTINED;
import static dev.backstop.demo.DemoStory.Fate.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.demo.DemoStory;
import dev.backstop.incident.Incident;
import dev.backstop.store.HourlyCount;
import dev.backstop.store.QuarantineStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo's story through the real daemon's milter port: each chapter ends as the two admins need it to. */
class DemoIT {

    @Test
    void theStoryEndsWithBackscatterQuarantinedGenuineBouncesDeliveredAndTheFormContained(@TempDir Path dir)
            throws Exception {
        try (Demo demo = Demo.start(dir.resolve("demo"), "inet:127.0.0.1:0", "127.0.0.1:0",
                "demo password 1".toCharArray())) {
            Instant before = Instant.now().minusSeconds(1);
            Map<String, Map<DemoStory.Fate, Integer>> t = demo.play(Duration.ZERO, line -> { });

            assertThat(t.get(DemoStory.OUR_MAIL)).isEqualTo(Map.of(DELIVERED, 12));
            assertThat(t.get(DemoStory.GENUINE)).as("every genuine bounce reaches its user").isEqualTo(Map.of(DELIVERED, 12));
            Map<DemoStory.Fate, Integer> bs = t.get(DemoStory.BACKSCATTER);
            assertThat(bs).as("no backscatter delivered").doesNotContainKey(DELIVERED);
            assertThat(bs.get(REFUSED)).as("the forged BATV tags, refused at RCPT").isEqualTo(3);
            assertThat(bs.get(QUARANTINED)).isEqualTo(99);
            assertThat(demo.daemon.store.quarantine().count(QuarantineStatus.HELD)).isEqualTo(99);

            Map<DemoStory.Fate, Integer> form = t.get(DemoStory.FORM);
            assertThat(form.get(DELIVERED)).as("the form's mail before containment").isBetween(1, 15);
            assertThat(form.get(DELIVERED) + form.get(HELD)).isEqualTo(60);
            assertThat(t.get(DemoStory.BYSTANDER)).as("another user is not held").isEqualTo(Map.of(DELIVERED, 4));

            List<Incident> open = demo.daemon.containment.incidents(true);
            assertThat(open).hasSize(1);
            assertThat(open.get(0).source()).isEqualTo("script 33:" + DemoStory.FORM_SCRIPT);
            assertThat(demo.daemon.containment.heldQueueIds(open.get(0).id())).hasSize(form.get(HELD));
            assertThat(demo.mta.heldCount()).isEqualTo(form.get(HELD));

            // the verdicts the overview counts: SPF fails and unanswered auto-replies are proven backscatter
            Map<String, Long> verdicts = new java.util.HashMap<>();
            for (HourlyCount h : demo.daemon.store.events().countPerHour(before, Instant.now().plusSeconds(1))) {
                verdicts.merge(h.type(), h.count(), Long::sum);
            }
            assertThat(verdicts.get("verdict.genuine")).isEqualTo(12);
            assertThat(verdicts.get("verdict.backscatter")).isEqualTo(96);
            assertThat(verdicts.get("verdict.unknown")).as("bounces that quote nothing").isEqualTo(3);
            // every message of ours is in the ledger, the held ones too: the outbound chart counts them
            long formRows = demo.daemon.store.ledger().countPerSource(before, Instant.now().plusSeconds(1),
                    Duration.ofHours(1), "script 33:" + DemoStory.FORM_SCRIPT).stream().mapToLong(c -> c.count()).sum();
            assertThat(formRows).isEqualTo(60);
        }
    }

    @Test
    void refusesADirectoryThatIsNotAnEarlierDemo(@TempDir Path dir) throws Exception {
        Path precious = dir.resolve("data");
        Files.createDirectories(precious);
        Files.writeString(precious.resolve("backstop.db"), "an admin's real data");
        assertThatThrownBy(() -> Demo.prepare(precious)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Backstop demo directory");
        assertThat(precious.resolve("backstop.db")).hasContent("an admin's real data");

        Path earlier = dir.resolve("demo");
        Demo.prepare(earlier);
        Files.writeString(earlier.resolve("backstop.db"), "last run");
        Demo.prepare(earlier);
        assertThat(earlier.resolve("backstop.db")).doesNotExist();
        assertThat(earlier.resolve(Demo.MARKER)).exists();
    }

    @Test
    void theCommandTellsTheStoryAndItsOutcome(@TempDir Path dir) {
        CommandLine cli = Backstop.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("demo", "--exit", "--pace", "0", "--data", dir.resolve("d").toString(), "--web",
                "127.0.0.1:0", "--milter", "inet:127.0.0.1:0");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Dashboard: http://127.0.0.1:").contains("(password: ")
                .contains("What Backstop did with 190 messages in ")
                .contains("genuine bounces: 12 delivered").contains("held in the MTA's hold queue")
                .contains("backscatter: 99 in Backstop's quarantine, 3 refused");

        StringWriter err2 = new StringWriter();
        cli.setErr(new PrintWriter(err2));
        assertThat(cli.execute("demo", "--exit", "--pace", "-5")).isEqualTo(64);
        assertThat(err2.toString()).contains("--pace must be 0 to 10000 ms");
    }
}
