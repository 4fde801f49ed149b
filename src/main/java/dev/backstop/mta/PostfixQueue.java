package dev.backstop.mta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postfix's queue through {@code postsuper} (hold {@code -h}, release {@code -H}, delete {@code -d}; the ids go
 * on stdin after {@code -}, so a batch of any size is one command) and {@code postqueue -j} (the JSON listing,
 * one object per line). {@code postsuper} must run as root; {@code postqueue -j} needs Postfix running.
 *
 * @param postsuper  e.g. {@code /usr/sbin/postsuper}
 * @param postqueue  e.g. {@code /usr/sbin/postqueue}
 * @param configDir  {@code -c DIR} for a non-default instance, or null
 * @param timeout    per command; a slow queue is reported as {@link QueueResult.Failed}, never waited on forever
 * @param maxListed  longest listing returned (the rest is counted as truncated, not held in memory)
 */
public final class PostfixQueue implements MailQueue {

    private static final Pattern COUNT = Pattern.compile("(?:Placed on hold|Released from hold|Deleted): (\\d+) messages?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path postsuper;
    private final Path postqueue;
    private final Path configDir;
    private final Duration timeout;
    private final int maxListed;
    private final ToolRunner runner;

    public PostfixQueue(Path postsuper, Path postqueue, Path configDir, Duration timeout, int maxListed) {
        this(postsuper, postqueue, configDir, timeout, maxListed, ToolRunner.PROCESS);
    }

    PostfixQueue(Path postsuper, Path postqueue, Path configDir, Duration timeout, int maxListed, ToolRunner runner) {
        this.postsuper = Objects.requireNonNull(postsuper, "postsuper");
        this.postqueue = Objects.requireNonNull(postqueue, "postqueue");
        this.configDir = configDir;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxListed = maxListed;
        this.runner = Objects.requireNonNull(runner, "runner");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (maxListed < 1) {
            throw new IllegalArgumentException("maxListed must be >= 1, was " + maxListed);
        }
    }

    /** The system's tools in {@code /usr/sbin}, 60 s timeout, at most 100,000 listed messages. */
    public static PostfixQueue of(Path configDir) {
        return new PostfixQueue(Path.of("/usr/sbin/postsuper"), Path.of("/usr/sbin/postqueue"), configDir,
                Duration.ofSeconds(60), 100_000);
    }

    @Override
    public QueueResult hold(List<String> queueIds) {
        return postsuper("-h", "hold", queueIds);
    }

    @Override
    public QueueResult release(List<String> queueIds) {
        return postsuper("-H", "release", queueIds);
    }

    @Override
    public QueueResult delete(List<String> queueIds) {
        return postsuper("-d", "delete", queueIds);
    }

    @Override
    public boolean isQueueId(String id) {
        return QueueIds.isPostfix(id);
    }

    private QueueResult postsuper(String option, String action, List<String> ids) {
        QueueResult.Refused refused = MailQueue.refusal(ids, this::isQueueId);
        if (refused != null) {
            return refused;
        }
        if (ids.isEmpty()) {
            return new QueueResult.Done(action, 0, 0, "");
        }
        List<String> argv = new ArrayList<>();
        argv.add(postsuper.toString());
        if (configDir != null) {
            argv.add("-c");
            argv.add(configDir.toString());
        }
        argv.add(option);
        argv.add("-"); // ids on stdin, one per line: no argument-length limit, nothing parsed as an option
        byte[] stdin = (String.join("\n", ids) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (ToolRunner.Output out = runner.run(argv, stdin, timeout)) {
            String text = (out.stderr() + "\n" + out.stdoutText(16 * 1024)).strip();
            if (out.exitCode() != 0) {
                return new QueueResult.Failed(action, out.exitCode(), text);
            }
            Matcher m = COUNT.matcher(text);
            return new QueueResult.Done(action, ids.size(), m.find() ? Integer.parseInt(m.group(1)) : -1, text);
        } catch (IOException e) {
            return new QueueResult.Failed(action, -1, e.getMessage());
        }
    }

    @Override
    public QueueListing list() {
        List<String> argv = new ArrayList<>();
        argv.add(postqueue.toString());
        if (configDir != null) {
            argv.add("-c");
            argv.add(configDir.toString());
        }
        argv.add("-j");
        try (ToolRunner.Output out = runner.run(argv, null, timeout)) {
            if (out.exitCode() != 0) {
                return new QueueResult.Failed("list", out.exitCode(), out.stderr());
            }
            List<QueuedMessage> messages = new ArrayList<>();
            boolean truncated = false;
            try (BufferedReader r = Files.newBufferedReader(out.stdout(), StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.startsWith("{")) {
                        continue;
                    }
                    if (messages.size() == maxListed) {
                        truncated = true;
                        break;
                    }
                    QueuedMessage m = parseJsonLine(line);
                    if (m != null) {
                        messages.add(m);
                    }
                }
            }
            return new QueueListing.Listed(messages, truncated);
        } catch (IOException e) {
            return new QueueResult.Failed("list", -1, e.getMessage());
        }
    }

    /** One {@code postqueue -j} object; null when it lacks a queue id of the right shape. */
    static QueuedMessage parseJsonLine(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
        String id = n.path("queue_id").asText("");
        if (!QueueIds.isPostfix(id)) {
            return null;
        }
        List<String> rcpts = new ArrayList<>();
        for (JsonNode r : n.path("recipients")) {
            rcpts.add(r.path("address").asText(""));
        }
        return new QueuedMessage(id, n.path("queue_name").asText(""), n.path("sender").asText(""), rcpts,
                Instant.ofEpochSecond(n.path("arrival_time").asLong(0)), n.path("message_size").asLong(0));
    }
}
