package dev.backstop.mta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {

    private final List<Submission> submissions = new ArrayList<>();
    private final List<DeliveryOutcome> outcomes = new ArrayList<>();
    private final DeliveryTracker.Listener listener = new DeliveryTracker.Listener() {
        @Override
        public void submission(Submission s) {
            submissions.add(s);
        }

        @Override
        public void outcome(DeliveryOutcome o) {
            outcomes.add(o);
        }
    };

    private DeliveryTracker feed(MailLogParser.Format format, List<String> lines) {
        DeliveryTracker t = new DeliveryTracker(1000, listener);
        MailLogParser p = new MailLogParser(format, MailLogParserTest.CLOCK, ZoneOffset.UTC, new LogDefects(10));
        lines.forEach(l -> p.parse(l).forEach(t::accept));
        return t;
    }

    private Submission submission(String queueId) {
        return submissions.stream().filter(s -> s.queueId().equals(queueId)).findFirst().orElseThrow();
    }

    @Test
    void joinsARealPostfixLogIntoSubmissionsAndOutcomes() throws IOException {
        DeliveryTracker t = feed(MailLogParser.Format.POSTFIX, MailLogParserTest.resource("postfix-3.7-maillog.txt"));

        Submission smtp = submission("2807A214037");
        assertThat(smtp.sender()).isEqualTo("alice@sender.test");
        assertThat(smtp.clientIp()).isEqualTo("127.0.0.1");
        assertThat(smtp.protocol()).isEqualTo("smtp");
        assertThat(smtp.messageId()).isEqualTo("<one@sender.test>");
        assertThat(smtp.uid()).isEqualTo(-1);

        Submission local = submission("2F5FC214039");
        assertThat(local.uid()).isZero();
        assertThat(local.protocol()).isEqualTo("local");
        assertThat(local.clientIp()).isEmpty();

        Submission bounce = submission("63E54214044");
        assertThat(bounce.sender()).isEmpty();
        assertThat(bounce.bounceOf()).isEqualTo("2F5FC214039");

        assertThat(submissions).extracting(Submission::queueId).doesNotHaveDuplicates()
                .doesNotContain("36456214038"); // held, then deleted: it never reached the queue manager

        DeliveryOutcome failed = outcomes.stream().filter(o -> o.status() == DeliveryStatus.BOUNCED).findFirst().orElseThrow();
        assertThat(failed.queueId()).isEqualTo("2F5FC214039");
        assertThat(failed.recipient()).isEqualTo("nobody@sink.test");
        assertThat(failed.dsn()).isEqualTo("5.1.1");
        assertThat(failed.submission()).hasValueSatisfying(s -> assertThat(s.uid()).isZero());
        assertThat(outcomes).filteredOn(o -> o.status() == DeliveryStatus.SENT).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(o -> assertThat(o.submission()).isPresent());
        assertThat(t.inFlight()).as("only the deferred message is still queued").isEqualTo(1);
    }

    @Test
    void eximArrivalsCarryTheScriptDirectoryAndTheLogin() throws IOException {
        feed(MailLogParser.Format.EXIM, MailLogParserTest.resource("exim-mainlog.txt"));

        Submission form = submission("1tXyZa-000Abc-Qr");
        assertThat(form.localUser()).isEqualTo("shop");
        assertThat(form.cwd()).isEqualTo("/home/shop/public_html/contact");
        assertThat(form.command()).isEqualTo("/usr/sbin/sendmail -t -i");
        assertThat(form.protocol()).isEqualTo("local");

        Submission alice = submission("1tXyZb-000Abd-Ab");
        assertThat(alice.saslUser()).isEqualTo("alice@example.com");
        assertThat(alice.clientIp()).isEqualTo("203.0.113.7");
        assertThat(alice.cwd()).isEmpty();

        assertThat(outcomes).filteredOn(o -> o.queueId().equals("1tXyZb-000Abd-Ab"))
                .extracting(DeliveryOutcome::recipient, DeliveryOutcome::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bob@remote.example", DeliveryStatus.BOUNCED),
                        org.assertj.core.groups.Tuple.tuple("carol@other.example", DeliveryStatus.DEFERRED));
        assertThat(outcomes).filteredOn(o -> o.queueId().equals("1tXyZb-000Abd-Ab"))
                .allSatisfy(o -> assertThat(o.submission()).hasValue(alice));
        assertThat(submission("1tXyZc-000Abe-Cd").bounceOf()).isEqualTo("1tXyZb-000Abd-Ab");
        assertThat(submission("1rXyZa-00000002Ab5-0Fq1").cwd()).as("no cwd line within seconds").isEmpty();
    }

    @Test
    void cwdLinesAreMatchedByPidWhenLoggedAndEximsOwnReExecutionsAreIgnored() {
        feed(MailLogParser.Format.EXIM, List.of(
                "2026-11-26 10:00:00 [101] cwd=/var/www/a 3 args: /usr/sbin/sendmail -t -i",
                "2026-11-26 10:00:00 [102] cwd=/var/www/b 3 args: /usr/sbin/sendmail -t -i",
                "2026-11-26 10:00:00 [103] cwd=/var/spool/exim 3 args: /usr/sbin/exim -Mc 1tXyZa-000Abc-Qr",
                "2026-11-26 10:00:01 [102] 1tXyZa-000Abc-Qb <= b@h U=b P=local S=1",
                "2026-11-26 10:00:01 [101] 1tXyZa-000Abc-Qa <= a@h U=a P=local S=1",
                "2026-11-26 10:00:01 [103] 1tXyZa-000Abc-Qc <= c@h U=c P=local S=1"));
        assertThat(submission("1tXyZa-000Abc-Qa").cwd()).isEqualTo("/var/www/a");
        assertThat(submission("1tXyZa-000Abc-Qb").cwd()).isEqualTo("/var/www/b");
        assertThat(submission("1tXyZa-000Abc-Qc").cwd()).isEmpty();
    }

    @Test
    void memoryStaysBoundedWhateverIsInFlight() {
        DeliveryTracker t = new DeliveryTracker(1000, listener);
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        for (int i = 0; i < 200_000; i++) {
            String qid = String.format("%011X", i);
            t.accept(new LogEvent.LocalPickup(now, "h", qid, 33, "www-data@h"));
            t.accept(new LogEvent.MessageIdSeen(now, "h", qid, "<" + i + "@h>"));
        }
        assertThat(t.inFlight()).isEqualTo(1000);
        assertThat(t.evicted()).isEqualTo(199_000);
        for (int i = 0; i < 100; i++) {
            t.accept(new LogEvent.WorkingDirectory(now, "h", "", "/x" + i, "/usr/sbin/sendmail -t", i));
        }
        // an outcome for a forgotten message still comes out, without a submission
        t.accept(new LogEvent.Delivery(now, "h", String.format("%011X", 5), "x@y", "", "r", DeliveryStatus.BOUNCED, "5.1.1", "no"));
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.submission()).isEmpty());
    }
}
