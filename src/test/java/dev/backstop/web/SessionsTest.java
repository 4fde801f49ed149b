package dev.backstop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private final MutableClock clock = new MutableClock(LoginThrottleTest.START);
    private final AtomicInteger n = new AtomicInteger();
    private final Sessions sessions = new Sessions(clock, () -> "t" + n.incrementAndGet());

    @Test
    void freshIdAndCsrfTokenPerLogin() {
        Session a = sessions.create("web:admin@127.0.0.1");
        Session b = sessions.create("web:admin@127.0.0.1");
        assertThat(a.id()).isNotEqualTo(b.id()).isNotEqualTo(a.csrf());
        assertThat(sessions.find(a.id())).contains(a);
        assertThat(sessions.find("nope")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }

    @Test
    void idleSessionsExpireButUseKeepsThemAlive() {
        Session s = sessions.create("a");
        clock.advance(Sessions.IDLE.minusSeconds(1));
        assertThat(sessions.find(s.id())).isPresent(); // touched
        clock.advance(Sessions.IDLE.minusSeconds(1));
        assertThat(sessions.find(s.id())).isPresent();
        clock.advance(Sessions.IDLE);
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void noSessionOutlivesTheAbsoluteLimit() {
        Session s = sessions.create("a");
        for (Duration d = Duration.ZERO; d.compareTo(Sessions.ABSOLUTE) < 0; d = d.plus(Duration.ofMinutes(20))) {
            clock.advance(Duration.ofMinutes(20));
            sessions.find(s.id());
        }
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void logoutEndsAndTheLeastRecentlyUsedGoesFirstWhenFull() {
        Session first = sessions.create("a");
        Session second = sessions.create("b");
        sessions.end(second.id());
        assertThat(sessions.find(second.id())).isEmpty();
        for (int i = 0; i < Sessions.MAX; i++) {
            sessions.create("x" + i);
        }
        assertThat(sessions.size()).isEqualTo(Sessions.MAX);
        assertThat(sessions.find(first.id())).isEmpty();
    }
}
