package dev.backstop.mta;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Connects a {@link LogTailer} to a {@link MailLogParser}: each line's events go to a consumer (usually a
 * {@link DeliveryTracker} and the engine). Also reads an old log from start to end for {@code backstop replay}.
 */
public final class MailLogFeed {

    private MailLogFeed() {}

    /** A line sink that parses each line and passes its events on; overlong lines become parser defects. */
    public static LogTailer.LineSink sink(MailLogParser parser, Consumer<LogEvent> events) {
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(events, "events");
        return new LogTailer.LineSink() {
            @Override
            public void line(String line) {
                parser.parse(line).forEach(events);
            }

            @Override
            public void overlong(String head, long length) {
                parser.defects().add("line longer than the tailer's limit (" + length + " bytes)", head);
            }
        };
    }

    /**
     * Reads {@code file} once from its first byte to its end (no state file, no following), feeding every event
     * to {@code events} in log order; returns the number of lines read. A last line without a newline is read.
     */
    public static long replay(Path file, MailLogParser parser, Consumer<LogEvent> events) throws IOException {
        LogTailer.Config cfg = new LogTailer.Config(file, null, Duration.ofSeconds(1), MailLogParser.MAX_LINE, true);
        try (LogTailer t = new LogTailer(cfg, sink(parser, events))) {
            t.poll();
            t.finishPartial();
            return t.lines();
        }
    }
}
