package dev.backstop.mta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.testing.PrivatePostfix;
import dev.backstop.testing.SmtpSink;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole log path against a real Postfix: {@link LogTailer} follows the private instance's live
 * {@code maillog_file}, {@link MailLogParser} reads it, {@link DeliveryTracker} joins submissions and outcomes;
 * then {@code postfix logrotate} renames the live file and the tailer follows onto the new one.
 */
class PostfixLogIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Submission> submissions = new CopyOnWriteArrayList<>();
    private final List<DeliveryOutcome> outcomes = new CopyOnWriteArrayList<>();

    @Test
    void followsTheLiveLogAndJoinsSubmissionsWithOutcomesAcrossLogrotate() throws Exception {
        try (SmtpSink sink = SmtpSink.start();
                PrivatePostfix pf = PrivatePostfix.builder().relayTo(sink.port()).start()) {
            sink.rcptRule(r -> r.startsWith("nobody@") ? "550 5.1.1 <" + r + ">: user unknown" : null);
            DeliveryTracker tracker = new DeliveryTracker(10_000, new DeliveryTracker.Listener() {
                @Override
                public void submission(Submission s) {
                    submissions.add(s);
                }

                @Override
                public void outcome(DeliveryOutcome o) {
                    outcomes.add(o);
                }
            });
            MailLogParser parser = new MailLogParser(MailLogParser.Format.POSTFIX, Clock.systemDefaultZone(),
                    ZoneId.systemDefault(), new LogDefects(20));
            LogTailer.Config cfg = new LogTailer.Config(pf.maillogFile(), dir.resolve("tail.state"),
                    Duration.ofMillis(50), MailLogParser.MAX_LINE, false);
            try (LogTailer tailer = new LogTailer(cfg, line -> parser.parse(line).forEach(tracker::accept))) {
                tailer.poll(); // starts at the end: the start-up lines are history

                pf.sendmail("www-data@sender.test", List.of("carol@sink.test", "nobody@sink.test"), message("form"));
                pollUntil(tailer, () -> outcomes.stream().anyMatch(o -> o.status() == DeliveryStatus.BOUNCED)
                        && submissions.stream().anyMatch(s -> !s.bounceOf().isEmpty()));

                DeliveryOutcome bounced = outcomes.stream().filter(o -> o.status() == DeliveryStatus.BOUNCED)
                        .findFirst().orElseThrow();
                assertThat(bounced.recipient()).isEqualTo("nobody@sink.test");
                assertThat(bounced.dsn()).isEqualTo("5.1.1");
                long uid = new com.sun.security.auth.module.UnixSystem().getUid();
                assertThat(bounced.submission()).hasValueSatisfying(s -> {
                    assertThat(s.uid()).isEqualTo(uid);
                    assertThat(s.sender()).isEqualTo("www-data@sender.test");
                    assertThat(s.messageId()).isEqualTo("<form@sender.test>");
                });
                assertThat(submissions).filteredOn(s -> !s.bounceOf().isEmpty()).singleElement()
                        .satisfies(s -> assertThat(s.bounceOf()).isEqualTo(bounced.queueId()));

                // Postfix's own rotation: renames the live file and makes postlogd reopen it
                Process p = new ProcessBuilder("postfix", "-c", pf.configDir().toString(), "logrotate")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("logrotate.out").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as("postfix logrotate: %s",
                        java.nio.file.Files.readString(dir.resolve("logrotate.out"))).isZero();

                int before = outcomes.size();
                pf.smtpSubmit("alice@sender.test", List.of("bob@sink.test"), message("after-rotation"));
                pollUntil(tailer, () -> outcomes.stream().skip(before).anyMatch(o -> o.recipient().equals("bob@sink.test")));
                assertThat(tailer.rotations()).isGreaterThanOrEqualTo(1);
                DeliveryOutcome sent = outcomes.stream().filter(o -> o.recipient().equals("bob@sink.test")).findFirst().orElseThrow();
                assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
                assertThat(sent.submission()).hasValueSatisfying(s -> assertThat(s.clientIp()).isEqualTo("127.0.0.1"));
                assertThat(parser.defects().count()).as("%s", parser.defects().recent()).isZero();
                System.out.printf("PostfixLogIT: %d lines, %d submissions, %d outcomes, %d rotations%n",
                        tailer.lines(), submissions.size(), outcomes.size(), tailer.rotations());
            }
        }
    }

    private static void pollUntil(LogTailer tailer, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen in the log within " + WAIT);
            }
            tailer.poll();
            Thread.sleep(50);
        }
    }

    static byte[] message(String s) {
        return ("From: a@sender.test\nTo: b@sink.test\nSubject: " + s + "\nMessage-ID: <" + s + "@sender.test>\n\nbody\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
