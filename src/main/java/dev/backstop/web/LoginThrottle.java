package dev.backstop.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing. Per client address: the first {@link #FREE_FAILURES} failures cost nothing, then each
 * further one doubles the wait before the next attempt, from one second up to {@link #MAX_WAIT}. Globally (many
 * addresses): more than {@link #GLOBAL_FAILURES} failures within {@link #GLOBAL_WINDOW} close the login for
 * everyone until the window has cooled. A success clears the address's record. While an attempt is refused the
 * password is not even checked, so refused attempts cost no hashing.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 3;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final int GLOBAL_FAILURES = 30;
    static final Duration GLOBAL_WINDOW = Duration.ofMinutes(1);
    /** Addresses remembered; beyond this the least recently failing one is forgotten. */
    static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final Map<String, Record> byAddress = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };
    private final Deque<Instant> recentFailures = new ArrayDeque<>();

    private static final class Record {
        int failures;
        Instant lastFailure;
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code address} must still wait before it may try a password; empty when it may try now. */
    synchronized Optional<Duration> waitFor(String address) {
        Instant now = clock.instant();
        trimGlobal(now);
        Duration wait = Duration.ZERO;
        if (recentFailures.size() >= GLOBAL_FAILURES) {
            wait = Duration.between(now, recentFailures.peekFirst().plus(GLOBAL_WINDOW));
        }
        Record r = byAddress.get(address);
        if (r != null && r.failures >= FREE_FAILURES) {
            Duration own = Duration.between(now, r.lastFailure.plus(backoff(r.failures)));
            if (own.compareTo(wait) > 0) {
                wait = own;
            }
        }
        return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    synchronized void failed(String address) {
        Instant now = clock.instant();
        Record r = byAddress.computeIfAbsent(address, a -> new Record());
        r.failures++;
        r.lastFailure = now;
        recentFailures.addLast(now);
        trimGlobal(now);
    }

    synchronized void succeeded(String address) {
        byAddress.remove(address);
    }

    /** The wait after the {@code failures}-th failure in a row. */
    static Duration backoff(int failures) {
        int doublings = failures - FREE_FAILURES;
        if (doublings < 0) {
            return Duration.ZERO;
        }
        if (doublings >= 20) {
            return MAX_WAIT;
        }
        Duration d = FIRST_WAIT.multipliedBy(1L << doublings);
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    private void trimGlobal(Instant now) {
        while (!recentFailures.isEmpty() && !recentFailures.peekFirst().plus(GLOBAL_WINDOW).isAfter(now)) {
            recentFailures.removeFirst();
        }
        // Only the newest GLOBAL_FAILURES matter for the decision; the deque stays bounded under attack.
        while (recentFailures.size() > GLOBAL_FAILURES) {
            recentFailures.removeFirst();
        }
    }
}
