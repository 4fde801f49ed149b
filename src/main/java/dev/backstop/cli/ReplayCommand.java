package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.engine.DeliveryFeed;
import dev.backstop.engine.LogSources;
import dev.backstop.mta.DeliveryOutcome;
import dev.backstop.mta.DeliveryTracker;
import dev.backstop.mta.LogDefects;
import dev.backstop.mta.LogEvent;
import dev.backstop.mta.MailLogFeed;
import dev.backstop.mta.MailLogParser;
import dev.backstop.mta.Submission;
import dev.backstop.outbound.Containment;
import dev.backstop.outbound.ContainmentDecision;
import dev.backstop.outbound.ContentFingerprint;
import dev.backstop.outbound.OutgoingMessage;
import dev.backstop.outbound.Source;
import dev.backstop.store.Durability;
import dev.backstop.store.Retention;
import dev.backstop.store.SqliteStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code backstop replay LOGFILE}: runs the containment detectors over an old mail log, offline, on the log's own
 * clock, and prints the timeline: which sources would have been contained, when, and after how many messages.
 * Nothing is held, no alert is sent, the live store is not touched.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Backtest a containment policy against an old Postfix or Exim log: print when each source"
                + " would have been contained and after how many messages.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOGFILE")
    Path logFile;

    @Option(names = "--policy", paramLabel = "FILE", description = "containment policy (default: the built-in one)")
    Path policy;

    @Option(names = "--format", defaultValue = "postfix", description = "postfix or exim (default: ${DEFAULT-VALUE})")
    MailLogParser.Format format;

    /** A clock that the replay sets to each log line's time, so windows count log time, not wall time. */
    static final class LogClock extends Clock {
        private Instant now = Instant.EPOCH;

        void set(Instant t) {
            if (t.isAfter(now)) {
                now = t;
            }
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A message waiting for its recipients: it is counted once the log says it left the queue. */
    private record Pending(Submission submission, List<String> recipients) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isReadable(logFile)) {
            spec.commandLine().getErr().println("backstop replay: cannot read " + logFile);
            return 1;
        }
        Path tmp = Files.createTempDirectory("backstop-replay");
        LogClock clock = new LogClock();
        MailLogParser parser = new MailLogParser(format, Clock.fixed(Files.getLastModifiedTime(logFile).toInstant(),
                ZoneOffset.UTC), ZoneId.systemDefault(), new LogDefects(20));
        Map<String, Pending> pending = new LinkedHashMap<>();
        Map<String, Long> perSource = new LinkedHashMap<>();
        Map<String, Long> heldPerSource = new LinkedHashMap<>();
        Set<Long> seenIncidents = new HashSet<>();
        long[] messages = {0};
        try (SqliteStore store = SqliteStore.open(tmp.resolve("replay.db"), clock, Retention.DEFAULT, Durability.NORMAL);
             Containment containment = Containment.fromConfig(
                     new BackstopConfig.Outbound(List.of(), policy, null, null,
                             dev.backstop.config.VerdictAction.HOLD), store, null, "replay", clock)) {
            DeliveryTracker tracker = new DeliveryTracker(MailLogFollower.MAX_IN_FLIGHT, new DeliveryTracker.Listener() {
                @Override
                public void submission(Submission s) {
                    if (!s.sender().isEmpty()) { // our own bounces are not a source's mail
                        pending.put(s.queueId(), new Pending(s, new ArrayList<>()));
                    }
                }

                @Override
                public void outcome(DeliveryOutcome o) {
                    clock.set(o.time());
                    Pending p = pending.get(o.queueId());
                    if (p != null && !p.recipients().contains(o.recipient()) && p.recipients().size() < 10_000) {
                        p.recipients().add(o.recipient());
                    }
                    o.submission().ifPresent(s -> containment.delivery(LogSources.of(s).toString(),
                            DeliveryFeed.outcome(o.status())));
                }
            });
            long lines = MailLogFeed.replay(logFile, parser, e -> {
                clock.set(e.time());
                tracker.accept(e);
                if (e instanceof LogEvent.Removed r) {
                    Pending p = pending.remove(r.queueId());
                    if (p != null) {
                        count(p, containment, clock, out, perSource, heldPerSource, seenIncidents);
                        messages[0]++;
                    }
                }
            });
            for (Pending p : pending.values()) { // still queued at the end of the log
                count(p, containment, clock, out, perSource, heldPerSource, seenIncidents);
                messages[0]++;
            }
            out.printf("%nread %d lines (%d unreadable), %d outgoing messages from %d sources; %d would have been"
                            + " contained%n", lines, parser.defects().count(), messages[0], perSource.size(),
                    seenIncidents.size());
            out.println("source\tmessages\twould_hold");
            perSource.forEach((s, n) -> out.println(s + "\t" + n + "\t" + heldPerSource.getOrDefault(s, 0L)));
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return 0;
    }

    private static void count(Pending p, Containment containment, LogClock clock, PrintWriter out,
                              Map<String, Long> perSource, Map<String, Long> heldPerSource, Set<Long> seenIncidents) {
        Submission s = p.submission();
        Source source = LogSources.of(s);
        String subject = ""; // Postfix does not log it; Exim's T= reaches the arrival event only
        ContainmentDecision d = containment.observe(new OutgoingMessage(source, s.sender(),
                p.recipients().isEmpty() ? List.of("unknown@invalid") : p.recipients(), subject,
                ContentFingerprint.of(subject, ""), s.queueId(), clock.instant(), ""));
        long n = perSource.merge(source.toString(), 1L, Long::sum);
        if (d.inIncident()) {
            heldPerSource.merge(source.toString(), 1L, Long::sum);
            if (seenIncidents.add(d.incidentId())) {
                out.printf("%s  contained %s after %d messages: %s%n", clock.instant(), source, n, d.reason());
            }
        }
    }
}
