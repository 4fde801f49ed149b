package dev.backstop.mta;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exim's queue through its command line: freeze ({@code -Mf}), thaw ({@code -Mt}), remove ({@code -Mrm}) and the
 * {@code -bp} listing. Exim takes message ids as arguments (no stdin form), so batches are split into commands
 * of {@value #PER_COMMAND} ids. Must run as root or an Exim admin user. This is how Backstop contains a source
 * where no milter can be added (cPanel).
 */
public final class EximQueue implements MailQueue {

    static final int PER_COMMAND = 200;
    /** {@code 25m  2.9K 1tXyZa-000Abc-Qr <sender> *** frozen ***} */
    private static final Pattern HEADER = Pattern.compile(
            "\\s*(\\d+)([smhdw])\\s+(\\d+(?:\\.\\d+)?)([KMG]?)\\s+(\\S+)\\s+<(.*?)>(\\s+\\*\\*\\* frozen \\*\\*\\*)?\\s*");

    private final Path exim;
    private final Duration timeout;
    private final int maxListed;
    private final Clock clock;
    private final ToolRunner runner;

    public EximQueue(Path exim, Duration timeout, int maxListed, Clock clock) {
        this(exim, timeout, maxListed, clock, ToolRunner.PROCESS);
    }

    EximQueue(Path exim, Duration timeout, int maxListed, Clock clock, ToolRunner runner) {
        this.exim = Objects.requireNonNull(exim, "exim");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (maxListed < 1) {
            throw new IllegalArgumentException("maxListed must be >= 1, was " + maxListed);
        }
        this.maxListed = maxListed;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** {@code /usr/sbin/exim}, 60 s per command, at most 100,000 listed messages. */
    public static EximQueue of(Path exim) {
        return new EximQueue(exim, Duration.ofSeconds(60), 100_000, Clock.systemUTC());
    }

    @Override
    public QueueResult hold(List<String> queueIds) {
        return run("-Mf", "hold", queueIds);
    }

    @Override
    public QueueResult release(List<String> queueIds) {
        return run("-Mt", "release", queueIds);
    }

    @Override
    public QueueResult delete(List<String> queueIds) {
        return run("-Mrm", "delete", queueIds);
    }

    @Override
    public boolean isQueueId(String id) {
        return QueueIds.isExim(id);
    }

    private QueueResult run(String option, String action, List<String> ids) {
        QueueResult.Refused refused = MailQueue.refusal(ids, this::isQueueId);
        if (refused != null) {
            return refused;
        }
        StringBuilder said = new StringBuilder();
        for (int from = 0; from < ids.size(); from += PER_COMMAND) {
            List<String> argv = new ArrayList<>();
            argv.add(exim.toString());
            argv.add(option);
            argv.addAll(ids.subList(from, Math.min(ids.size(), from + PER_COMMAND)));
            try (ToolRunner.Output out = runner.run(argv, null, timeout)) {
                String text = (out.stdoutText(16 * 1024) + "\n" + out.stderr()).strip();
                if (out.exitCode() != 0) {
                    // Exim exits non-zero when an id is gone (delivered meanwhile) or locked: stop and report
                    // how far we got; the earlier batches stay done
                    return new QueueResult.Failed(action, out.exitCode(),
                            "after " + from + " of " + ids.size() + " ids: " + text);
                }
                if (said.length() < 16 * 1024) {
                    said.append(text).append('\n');
                }
            } catch (IOException e) {
                return new QueueResult.Failed(action, -1, "after " + from + " of " + ids.size() + " ids: " + e.getMessage());
            }
        }
        return new QueueResult.Done(action, ids.size(), -1, said.toString().strip());
    }

    @Override
    public QueueListing list() {
        try (ToolRunner.Output out = runner.run(List.of(exim.toString(), "-bp"), null, timeout)) {
            if (out.exitCode() != 0) {
                return new QueueResult.Failed("list", out.exitCode(), out.stderr());
            }
            try (BufferedReader r = Files.newBufferedReader(out.stdout(), StandardCharsets.UTF_8)) {
                return parseListing(r, clock.instant(), maxListed);
            }
        } catch (IOException e) {
            return new QueueResult.Failed("list", -1, e.getMessage());
        }
    }

    /**
     * Reads {@code exim -bp}: a header line per message (age, size, id, sender, frozen mark), then its
     * recipients indented, those already delivered marked {@code D}, and a blank line.
     */
    static QueueListing.Listed parseListing(BufferedReader r, Instant now, int max) throws IOException {
        List<QueuedMessage> out = new ArrayList<>();
        String id = null;
        String sender = "";
        String queue = "";
        Instant arrival = now;
        long size = 0;
        List<String> rcpts = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            Matcher h = HEADER.matcher(line);
            if (h.matches() && QueueIds.isExim(h.group(5))) {
                if (id != null) {
                    if (out.size() == max) {
                        return new QueueListing.Listed(out, true);
                    }
                    out.add(new QueuedMessage(id, queue, sender, rcpts, arrival, size));
                }
                id = h.group(5);
                sender = h.group(6);
                queue = h.group(7) != null ? "frozen" : "queued";
                arrival = now.minus(age(Long.parseLong(h.group(1)), h.group(2)));
                size = bytes(h.group(3), h.group(4));
                rcpts = new ArrayList<>();
            } else if (id != null && !line.isBlank() && Character.isWhitespace(line.charAt(0))) {
                String a = line.strip();
                if (a.startsWith("D ") || a.startsWith("+D ")) {
                    continue; // delivered already
                }
                if (rcpts.size() < 10_000) {
                    rcpts.add(a);
                }
            }
        }
        if (id != null) {
            if (out.size() == max) {
                return new QueueListing.Listed(out, true);
            }
            out.add(new QueuedMessage(id, queue, sender, rcpts, arrival, size));
        }
        return new QueueListing.Listed(out, false);
    }

    private static Duration age(long n, String unit) {
        return switch (unit) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    private static long bytes(String number, String unit) {
        double v = Double.parseDouble(number);
        return (long) switch (unit) {
            case "K" -> v * 1024;
            case "M" -> v * 1024 * 1024;
            case "G" -> v * 1024 * 1024 * 1024;
            default -> v;
        };
    }
}
