package dev.backstop.milter;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * Read timeouts for blocking channels, which (unlike sockets) have no SO_TIMEOUT, and unix-domain channels have
 * no socket adaptor at all: one shared daemon thread closes a channel whose armed read has waited too long,
 * which wakes the blocked reader with an {@code AsynchronousCloseException}.
 */
final class ReadDeadlines {
    private static final long TICK_MILLIS = 100;
    private static final Set<Deadline> WATCHED = ConcurrentHashMap.newKeySet();
    private static volatile ScheduledExecutorService ticker;

    private ReadDeadlines() {}

    /**
     * One channel's read deadline; arm before a blocking read, disarm after, {@link #release()} when the channel
     * is done. Arming is one volatile write (not a set insertion): it happens for every milter packet, and the
     * channel stays registered with the ticker for its whole life instead.
     */
    static final class Deadline {
        private static final long DISARMED = 0;
        private static final AtomicLongFieldUpdater<Deadline> ARMED_AT =
                AtomicLongFieldUpdater.newUpdater(Deadline.class, "armedAt");
        private final Closeable target;
        private final long timeoutNanos;
        /** When the pending read was armed ({@link System#nanoTime()}), or {@link #DISARMED}. */
        private volatile long armedAt = DISARMED;
        private volatile boolean expired;
        /** Only the reading thread registers, at its first arm. */
        private boolean watched;

        private Deadline(Closeable target, Duration timeout) {
            this.target = target;
            this.timeoutNanos = timeout.toNanos();
        }

        void arm() {
            if (!watched) {
                watched = true;
                WATCHED.add(this);
            }
            long now = System.nanoTime();
            armedAt = now == DISARMED ? 1 : now;
        }

        void disarm() {
            armedAt = DISARMED;
        }

        /** Disarms for good and stops watching the channel. */
        void release() {
            armedAt = DISARMED;
            WATCHED.remove(this);
        }

        /** True when the deadline closed the channel. */
        boolean expired() {
            return expired;
        }

        private void check(long now) {
            long at = armedAt;
            // the CAS decides a race with disarm(): either the read finished in time or the channel is closed
            if (at != DISARMED && now - at > timeoutNanos && ARMED_AT.compareAndSet(this, at, DISARMED)) {
                expired = true;
                WATCHED.remove(this);
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
        for (Deadline d : WATCHED) {
            d.check(now);
        }
    }
}
