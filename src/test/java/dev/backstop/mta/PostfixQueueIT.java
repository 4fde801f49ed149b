package dev.backstop.mta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.testing.PrivatePostfix;
import dev.backstop.testing.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link PostfixQueue} against a real private Postfix: list, hold, release, delete, and refusal of bad ids. */
class PostfixQueueIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void holdListReleaseAndDeleteRealQueuedMail() throws Exception {
        try (SmtpSink sink = SmtpSink.start();
                PrivatePostfix pf = PrivatePostfix.builder().relayTo(sink.port())
                        .param("smtpd_sender_restrictions", "check_sender_access inline:{{hold@sender.test=HOLD test}}")
                        .start()) {
            PostfixQueue q = new PostfixQueue(Path.of("/usr/sbin/postsuper"), Path.of("/usr/sbin/postqueue"),
                    pf.configDir(), Duration.ofSeconds(30), 1000);
            String released = UUID.randomUUID().toString();
            String a = pf.smtpSubmit("hold@sender.test", List.of("g@sink.test"), message(released)).queueId();
            String b = pf.smtpSubmit("hold@sender.test", List.of("h@sink.test"), message("deleted")).queueId();

            List<QueuedMessage> held = await(q, l -> l.stream().filter(QueuedMessage::held).count() == 2);
            assertThat(held).filteredOn(m -> m.queueId().equals(a)).singleElement().satisfies(m -> {
                assertThat(m.queue()).isEqualTo("hold");
                assertThat(m.sender()).isEqualTo("hold@sender.test");
                assertThat(m.recipients()).containsExactly("g@sink.test");
                assertThat(m.size()).isPositive();
            });

            // a bad id in the batch: nothing runs, both stay held
            assertThat(q.delete(List.of(b, "ALL"))).isInstanceOf(QueueResult.Refused.class);
            assertThat(q.delete(List.of("-d"))).isInstanceOf(QueueResult.Refused.class);
            assertThat(((QueueListing.Listed) q.list()).messages()).filteredOn(QueuedMessage::held).hasSize(2);

            assertThat(q.delete(List.of(b))).as("delete").isInstanceOf(QueueResult.Done.class);
            assertThat(q.release(List.of(a))).as("release").isInstanceOf(QueueResult.Done.class);
            sink.awaitMessage(m -> m.text().contains(released), WAIT);
            pf.awaitQueueEmpty(WAIT);
            assertThat(sink.messages()).noneMatch(m -> m.text().contains("deleted"));

            // a deferred message (the sink answers 451) is put on hold by us and stays there
            sink.rcptRule(r -> r.equals("later@sink.test") ? "451 4.3.0 try again later" : null);
            String c = pf.smtpSubmit("ivan@sender.test", List.of("later@sink.test"), message("x")).queueId();
            await(q, l -> l.stream().anyMatch(m -> m.queueId().equals(c) && m.queue().equals("deferred")));
            QueueResult h = q.hold(List.of(c));
            assertThat(h).as("hold").isInstanceOf(QueueResult.Done.class);
            await(q, l -> l.stream().anyMatch(m -> m.queueId().equals(c) && m.held()));
            pf.awaitLog(Pattern.compile(c + ": placed on hold"), WAIT);

            // the log records what we did, and the parser reads it back
            MailLogParser parser = new MailLogParser(MailLogParser.Format.POSTFIX, java.time.Clock.systemUTC(),
                    ZoneOffset.systemDefault(), new LogDefects(10));
            List<LogEvent> events = pf.log().lines().flatMap(l -> parser.parse(l).stream()).toList();
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(LogEvent.Held.class,
                    x -> assertThat(x.queueId()).isEqualTo(c)));
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(LogEvent.Released.class,
                    x -> assertThat(x.queueId()).isEqualTo(a)));
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(LogEvent.Removed.class,
                    x -> assertThat(x.queueId()).isEqualTo(b)));
            assertThat(parser.defects().count()).as("%s", parser.defects().recent()).isZero();

            assertThat(q.delete(List.of(c))).isInstanceOf(QueueResult.Done.class);
            pf.awaitQueueEmpty(WAIT);

            // a batch: 60 held messages deleted by one postsuper reading their ids from stdin
            List<String> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) {
                batch.add(pf.smtpSubmit("hold@sender.test", List.of("m" + i + "@sink.test"), message("batch" + i)).queueId());
            }
            await(q, l -> l.stream().filter(QueuedMessage::held).count() == 60);
            long t0 = System.nanoTime();
            QueueResult purge = q.delete(batch);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(purge).isInstanceOfSatisfying(QueueResult.Done.class, d -> assertThat(d.requested()).isEqualTo(60));
            pf.awaitQueueEmpty(WAIT);
            assertThat(sink.messages()).noneMatch(m -> m.text().contains("batch"));
            System.out.printf("PostfixQueueIT: deleted 60 held messages with one postsuper in %d ms: %s%n", millis, purge);
        }
    }

    private static List<QueuedMessage> await(PostfixQueue q, Predicate<List<QueuedMessage>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            QueueListing l = q.list();
            assertThat(l).isInstanceOf(QueueListing.Listed.class);
            List<QueuedMessage> m = ((QueueListing.Listed) l).messages();
            if (condition.test(m)) {
                return m;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("queue condition not met: " + m);
            }
            Thread.sleep(100);
        }
    }

    static byte[] message(String token) {
        return ("From: a@sender.test\nTo: b@sink.test\nSubject: queue test\nMessage-ID: <" + token
                + "@sender.test>\n\nbody " + token + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
