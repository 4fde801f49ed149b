package dev.backstop.mta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailQueueTest {

    @TempDir
    Path dir;

    private record Call(List<String> argv, String stdin) {}

    private final List<Call> calls = new ArrayList<>();

    /** Records the command instead of running it and answers with the given stdout, stderr and exit code. */
    private ToolRunner recording(int exit, String stdout, String stderr) {
        return (argv, stdin, timeout) -> {
            calls.add(new Call(argv, stdin == null ? null : new String(stdin, StandardCharsets.US_ASCII)));
            Path out = Files.createTempFile(dir, "out", ".txt");
            Files.writeString(out, stdout);
            return new ToolRunner.Output(exit, out, stderr);
        };
    }

    private PostfixQueue postfix(ToolRunner r) {
        return new PostfixQueue(Path.of("/usr/sbin/postsuper"), Path.of("/usr/sbin/postqueue"), Path.of("/etc/postfix-out"),
                Duration.ofSeconds(5), 1000, r);
    }

    private EximQueue exim(ToolRunner r) {
        return new EximQueue(Path.of("/usr/sbin/exim"), Duration.ofSeconds(5), 1000,
                Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC), r);
    }

    @Test
    void queueIdShapes() {
        assertThat(QueueIds.isPostfix("2807A214037")).isTrue();
        assertThat(QueueIds.isPostfix("3Pq7Xp0XyYzBcD")).isTrue();
        assertThat(QueueIds.isExim("1tXyZa-000Abc-Qr")).isTrue();
        assertThat(QueueIds.isExim("1rXyZa-00000002Ab5-0Fq1")).isTrue();
        for (String bad : List.of("ALL", "all", "-d", "-ALL", "2807A214037;rm -rf /", "2807A214037 ABCDEF123",
                "$(reboot)", "`id`", "2807A214037\n", "ABC", "", "deferred", "../../etc/passwd", "2807a214037x", "A|B",
                "1tXyZa-000Abc-Qr;", "-1tXyZa-000Abc")) {
            assertThat(QueueIds.isPostfix(bad)).as(bad).isFalse();
            assertThat(QueueIds.isExim(bad)).as(bad).isFalse();
        }
        assertThat(QueueIds.isPostfix(null)).isFalse();
    }

    @Test
    void anyBadIdRefusesTheWholeBatchBeforeAnythingRuns() {
        PostfixQueue q = postfix(recording(0, "", ""));
        for (String bad : List.of("ALL", "-d", "ABCDEF1234; rm -rf /", "$(id)", "ABCDEF1234\nALL")) {
            QueueResult r = q.delete(List.of("2807A214037", bad));
            assertThat(r).isInstanceOfSatisfying(QueueResult.Refused.class,
                    f -> assertThat(f.rejectedIds()).singleElement().asString().doesNotContain("\n"));
        }
        assertThat(q.hold(java.util.Arrays.asList("2807A214037", null))).isInstanceOf(QueueResult.Refused.class);
        EximQueue e = exim(recording(0, "", ""));
        assertThat(e.hold(List.of("1tXyZa-000Abc-Qr", "-Mrm"))).isInstanceOf(QueueResult.Refused.class);
        assertThat(calls).isEmpty();
        assertThat(q.hold(IntStream.range(0, MailQueue.MAX_BATCH + 1).mapToObj(i -> String.format("%011X", i)).toList()))
                .isInstanceOf(QueueResult.Refused.class);
        assertThat(calls).isEmpty();
    }

    @Test
    void postsuperGetsTheIdsOnStdinAfterADash() {
        PostfixQueue q = postfix(recording(0, "", "postsuper: Placed on hold: 2 messages"));
        QueueResult r = q.hold(List.of("2807A214037", "3Pq7Xp0XyYzBcD"));
        assertThat(r).isEqualTo(new QueueResult.Done("hold", 2, 2, "postsuper: Placed on hold: 2 messages"));
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.argv()).containsExactly("/usr/sbin/postsuper", "-c", "/etc/postfix-out", "-h", "-");
            assertThat(c.stdin()).isEqualTo("2807A214037\n3Pq7Xp0XyYzBcD\n");
        });
        q.release(List.of("2807A214037"));
        q.delete(List.of("2807A214037"));
        assertThat(calls).extracting(c -> c.argv().get(3)).containsExactly("-h", "-H", "-d");
        assertThat(q.delete(List.of())).isEqualTo(new QueueResult.Done("delete", 0, 0, ""));
    }

    @Test
    void failuresAndTimeoutsAreResultsNotExceptions() {
        assertThat(postfix(recording(1, "", "postsuper: fatal: use of this command is reserved for the superuser"))
                .hold(List.of("2807A214037")))
                .isEqualTo(new QueueResult.Failed("hold", 1, "postsuper: fatal: use of this command is reserved for the superuser"));
        PostfixQueue slow = postfix((argv, stdin, timeout) -> {
            throw new IOException("/usr/sbin/postsuper timed out after 5000 ms");
        });
        assertThat(slow.delete(List.of("2807A214037"))).isInstanceOfSatisfying(QueueResult.Failed.class, f -> {
            assertThat(f.exitCode()).isEqualTo(-1);
            assertThat(f.stderr()).contains("timed out");
        });
        assertThat(slow.list()).isInstanceOf(QueueResult.Failed.class);
    }

    @Test
    void theRealRunnerKillsACommandThatOutlivesItsTimeout() throws IOException {
        long t0 = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ToolRunner.PROCESS.run(List.of("/bin/sleep", "30"), null, Duration.ofMillis(300)))
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        try (ToolRunner.Output o = ToolRunner.PROCESS.run(List.of("/bin/cat"), "a;b $(x)\n".getBytes(StandardCharsets.US_ASCII),
                Duration.ofSeconds(10))) {
            assertThat(o.exitCode()).isZero();
            assertThat(o.stdoutText(100)).isEqualTo("a;b $(x)\n");
        }
    }

    @Test
    void postqueueJsonIsParsedIntoEntries() {
        String json = "{\"queue_name\": \"hold\", \"queue_id\": \"3372D21403B\", \"arrival_time\": 1764201412, "
                + "\"message_size\": 315, \"forced_expire\": false, \"sender\": \"hold@sender.test\", \"recipients\": "
                + "[{\"address\": \"h@sink.test\"}]}\n"
                + "{\"queue_name\": \"deferred\", \"queue_id\": \"3149321403A\", \"arrival_time\": 1764201412, "
                + "\"message_size\": 321, \"sender\": \"\", \"recipients\": [{\"address\": \"later@sink.test\", "
                + "\"delay_reason\": \"451 try later\"}, {\"address\": \"b@sink.test\"}]}\n"
                + "{\"queue_name\": \"active\", \"queue_id\": \"ALL;rm\"}\nnot json\n";
        QueueListing l = postfix(recording(0, json, "")).list();
        assertThat(calls.get(0).argv()).containsExactly("/usr/sbin/postqueue", "-c", "/etc/postfix-out", "-j");
        assertThat(l).isInstanceOfSatisfying(QueueListing.Listed.class, x -> {
            assertThat(x.truncated()).isFalse();
            assertThat(x.messages()).containsExactly(
                    new QueuedMessage("3372D21403B", "hold", "hold@sender.test", List.of("h@sink.test"),
                            Instant.ofEpochSecond(1764201412), 315),
                    new QueuedMessage("3149321403A", "deferred", "", List.of("later@sink.test", "b@sink.test"),
                            Instant.ofEpochSecond(1764201412), 321));
            assertThat(x.messages().get(0).held()).isTrue();
        });
        PostfixQueue small = new PostfixQueue(Path.of("/x"), Path.of("/y"), null, Duration.ofSeconds(1), 1, recording(0, json, ""));
        assertThat(small.list()).isInstanceOfSatisfying(QueueListing.Listed.class, x -> {
            assertThat(x.messages()).hasSize(1);
            assertThat(x.truncated()).isTrue();
        });
    }

    @Test
    void eximCommandsTakeIdsAsArgumentsInBatches() {
        EximQueue q = exim(recording(0, "", ""));
        List<String> ids = IntStream.range(0, 450).mapToObj(i -> String.format("1tXyZa-%06d-Qr", i)).toList();
        assertThat(q.hold(ids)).isInstanceOfSatisfying(QueueResult.Done.class, d -> assertThat(d.requested()).isEqualTo(450));
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).argv()).startsWith("/usr/sbin/exim", "-Mf", "1tXyZa-000000-Qr").hasSize(2 + EximQueue.PER_COMMAND);
        assertThat(calls.get(2).argv()).hasSize(2 + 50).endsWith("1tXyZa-000449-Qr");
        q.release(List.of("1tXyZa-000Abc-Qr"));
        q.delete(List.of("1tXyZa-000Abc-Qr"));
        assertThat(calls.subList(3, 5)).extracting(c -> c.argv().get(1)).containsExactly("-Mt", "-Mrm");
        assertThat(exim(recording(1, "", "Spool file for 1tXyZa-000Abc-Qr not found")).delete(List.of("1tXyZa-000Abc-Qr")))
                .isInstanceOfSatisfying(QueueResult.Failed.class, f -> assertThat(f.stderr()).contains("not found"));
    }

    @Test
    void eximBpListingIsParsed() throws IOException {
        String bp = """
                25m  2.9K 1tXyZa-000Abc-Qr <www-data@host.example>
                          victim1@remote.example
                        D victim2@remote.example
                          victim3@remote.example

                 4d  1.2M 1tXyZb-000Abd-Ab <> *** frozen ***
                          bob@example.com

                 3h   512 1rXyZa-00000002Ab5-0Fq1 <alice@example.com>
                          carol@example.com
                """;
        QueueListing.Listed l = EximQueue.parseListing(new BufferedReader(new StringReader(bp)),
                Instant.parse("2026-11-26T12:00:00Z"), 1000);
        assertThat(l.messages()).containsExactly(
                new QueuedMessage("1tXyZa-000Abc-Qr", "queued", "www-data@host.example",
                        List.of("victim1@remote.example", "victim3@remote.example"), Instant.parse("2026-11-26T11:35:00Z"), 2969),
                new QueuedMessage("1tXyZb-000Abd-Ab", "frozen", "", List.of("bob@example.com"),
                        Instant.parse("2026-11-22T12:00:00Z"), 1258291),
                new QueuedMessage("1rXyZa-00000002Ab5-0Fq1", "queued", "alice@example.com", List.of("carol@example.com"),
                        Instant.parse("2026-11-26T09:00:00Z"), 512));
        assertThat(l.messages().get(1).held()).isTrue();
        assertThat(EximQueue.parseListing(new BufferedReader(new StringReader(bp)), Instant.EPOCH, 2).truncated()).isTrue();
        assertThat(exim(recording(0, bp, "")).list()).isInstanceOfSatisfying(QueueListing.Listed.class,
                x -> assertThat(x.messages()).hasSize(3));
        assertThat(calls.get(0).argv()).containsExactly("/usr/sbin/exim", "-bp");
    }
}
