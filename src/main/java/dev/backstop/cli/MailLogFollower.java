package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.engine.DeliveryFeed;
import dev.backstop.mta.DeliveryTracker;
import dev.backstop.mta.LogDefects;
import dev.backstop.mta.LogTailer;
import dev.backstop.mta.MailLogFeed;
import dev.backstop.mta.MailLogParser;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Follows the MTA's mail log on its own thread and feeds what it reads to the engine's delivery feed. */
final class MailLogFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailLogFollower.class);
    static final int MAX_IN_FLIGHT = 200_000;

    private final LogTailer tailer;
    private final Thread thread;

    private MailLogFollower(LogTailer tailer) {
        this.tailer = tailer;
        this.thread = new Thread(tailer::run, "maillog");
        thread.setDaemon(true);
    }

    static MailLogFollower start(BackstopConfig c, DeliveryFeed feed, Clock clock) {
        MailLogParser parser = new MailLogParser(format(c), clock, ZoneId.systemDefault(), new LogDefects(50));
        DeliveryTracker tracker = new DeliveryTracker(MAX_IN_FLIGHT, feed);
        LogTailer tailer = new LogTailer(new LogTailer.Config(c.mta().logFile(), c.dataDir().resolve("maillog.state"),
                Duration.ofMillis(250), MailLogParser.MAX_LINE, false), MailLogFeed.sink(parser, tracker::accept));
        MailLogFollower f = new MailLogFollower(tailer);
        f.thread.start();
        log.info("following the {} log {}", c.mta().kind(), c.mta().logFile());
        return f;
    }

    static MailLogParser.Format format(BackstopConfig c) {
        return MailLogParser.Format.valueOf(c.mta().kind().toUpperCase(Locale.ROOT));
    }

    @Override
    public void close() {
        try {
            tailer.close();
            thread.join(2000);
        } catch (IOException e) {
            log.warn("closing the log follower: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
