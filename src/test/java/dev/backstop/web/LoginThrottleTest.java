package dev.backstop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void backsOffPerAddressAfterTheFreeFailures() {
        MutableClock clock = new MutableClock(START);
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            t.failed("10.0.0.1");
            assertThat(t.waitFor("10.0.0.1")).isEmpty();
        }
        t.failed("10.0.0.1");
        assertThat(t.waitFor("10.0.0.1")).contains(Duration.ofSeconds(1));
        assertThat(t.waitFor("10.0.0.2")).as("other addresses unaffected").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(t.waitFor("10.0.0.1")).isEmpty();
        t.failed("10.0.0.1");
        assertThat(t.waitFor("10.0.0.1")).contains(Duration.ofSeconds(2));
        t.succeeded("10.0.0.1");
        assertThat(t.waitFor("10.0.0.1")).isEmpty();
    }

    @Test
    void backoffDoublesUpToTheCap() {
        assertThat(LoginThrottle.backoff(1)).isZero();
        assertThat(LoginThrottle.backoff(LoginThrottle.FREE_FAILURES)).isEqualTo(Duration.ofSeconds(1));
        assertThat(LoginThrottle.backoff(LoginThrottle.FREE_FAILURES + 3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(LoginThrottle.backoff(1000)).isEqualTo(LoginThrottle.MAX_WAIT);
    }

    @Test
    void manyAddressesFailingCloseTheLoginForEveryone() {
        MutableClock clock = new MutableClock(START);
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.GLOBAL_FAILURES; i++) {
            t.failed("10.1.0." + i); // each address alone stays under its own limit
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(t.waitFor("192.0.2.9")).isPresent();
        clock.advance(LoginThrottle.GLOBAL_WINDOW);
        assertThat(t.waitFor("192.0.2.9")).isEmpty();
    }
}
