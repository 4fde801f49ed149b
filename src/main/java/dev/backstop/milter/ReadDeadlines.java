package dev.backstop.milter;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Read timeouts for blocking channels, which (unlike sockets) have no SO_TIMEOUT, and unix-domain channels have
 * no socket adaptor at all: one shared daemon thread closes a channel whose armed read has waited too long,
 * which wakes the blocked reader with an {@code AsynchronousCloseException}.
 */
final class ReadDeadlines {
    private static final long TICK_MILLIS = 100;
    private static final Set<Deadline> ARMED = ConcurrentHashMap.newKeySet();
    private static volatile ScheduledExecutorService ticker;

    private ReadDeadlines() {}

    /** One channel's read deadline; arm before a blocking read, disarm after. */
    static final class Deadline {
        private final Closeable target;
        private final long timeoutNanos;
        private volatile long armedAt;
        private volatile boolean expired;

        private Deadline(Closeable target, Duration timeout) {
            this.target = target;
            this.timeoutNanos = timeout.toNanos();
        }

        void arm() {
            armedAt = System.nanoTime();
            ARMED.add(this);
        }

        void disarm() {
            ARMED.remove(this);
        }

        /** True when the deadline closed the channel. */
        boolean expired() {
            return expired;
        }

        private void check(long now) {
            if (now - armedAt > timeoutNanos && ARMED.remove(this)) {
                expired = true;
                try {
                    target.close();
                } catch (IOException ignored) {
                    // closing is all we can do; the reader reports the timeout
                }
            }
        }
    }

    static Deadline of(Closeable target, Duration timeout) {
        ensureTicker();
        return new Deadline(target, timeout);
    }

    private static void ensureTicker() {
        if (ticker == null) {
            synchronized (ReadDeadlines.class) {
                if (ticker == null) {
                    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "milter-read-deadlines");
                        t.setDaemon(true);
                        return t;
                    });
                    s.scheduleWithFixedDelay(ReadDeadlines::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
                    ticker = s;
                }
            }
        }
    }

    private static void tick() {
        long now = System.nanoTime();
        for (Deadline d : ARMED) {
            d.check(now);
        }
    }
}
