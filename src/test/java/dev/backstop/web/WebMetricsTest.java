package dev.backstop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.testing.MutableClock;
import dev.backstop.config.BackstopConfig;
import dev.backstop.store.Event;
import dev.backstop.store.SentMessage;
import dev.backstop.store.SqliteStore;
import dev.backstop.store.Store;
import dev.backstop.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebMetricsTest {
    @Test
    void verdictsAreCountedFromTheEventLogOnceEach(@TempDir Path dir) {
        MutableClock clock = new MutableClock(LoginThrottleTest.START);
        BackstopConfig c = BackstopConfig.parse("data_dir: " + dir + "\n", "test");
        try (Store store = SqliteStore.fromConfig(c, clock)) {
            store.events().append(new Event(0, clock.instant().minusSeconds(60), "verdict.genuine", "before start", ""));
            WebMetrics m = new WebMetrics(store, clock);
            for (int i = 1; i <= 3; i++) {
                store.events().append(new Event(0, clock.instant().plusSeconds(i), "verdict.backscatter", "b" + i, ""));
            }
            store.events().append(new Event(0, clock.instant().plusSeconds(2), "verdict.genuine", "g", ""));
            store.events().append(new Event(0, clock.instant().plusSeconds(2), "batv.reject", "r", ""));
            store.events().append(new Event(0, clock.instant().plusSeconds(2), "retention", "not a verdict", ""));
            for (String source : List.of("script 33:/var/www/form.php", "script 33:/var/www/other.php", "sasl a@b.example",
                    "martian x")) {
                store.ledger().record(new SentMessage(null, "<" + source.hashCode() + "@x>", "a@b.example", "a@b.example",
                        List.of("r@remote.example"), source, clock.instant().plusSeconds(3), null));
            }
            clock.advance(Duration.ofSeconds(10));
            String first = m.scrape(List.of(new ListenerStatus("milter", "inet:127.0.0.1:1", false, 0)));
            assertThat(first).contains("backstop_verdicts_total{verdict=\"backscatter\"} 3.0")
                    .contains("backstop_verdicts_total{verdict=\"genuine\"} 1.0")
                    .contains("backstop_verdicts_total{verdict=\"unknown\"} 0.0")
                    .contains("backstop_batv_rejects_total 1.0")
                    .contains("backstop_listener_up{listener=\"milter\"} 0.0")
                    .contains("backstop_outbound_messages_total{kind=\"script\"} 2.0")
                    .contains("backstop_outbound_messages_total{kind=\"sasl\"} 1.0")
                    .contains("backstop_outbound_messages_total{kind=\"unknown\"} 1.0");
            // a second scrape counts nothing twice; a newer event is added
            store.events().append(new Event(0, clock.instant().plusSeconds(1), "verdict.unknown", "u", ""));
            clock.advance(Duration.ofSeconds(5));
            assertThat(m.scrape(List.of())).contains("backstop_verdicts_total{verdict=\"backscatter\"} 3.0")
                    .contains("backstop_verdicts_total{verdict=\"unknown\"} 1.0")
                    .contains("backstop_outbound_messages_total{kind=\"script\"} 2.0");
            m.milterTimer().accept(Duration.ofMillis(5).toNanos());
            assertThat(m.scrape(List.of())).contains("backstop_milter_end_of_message_seconds_count 1");
        }
    }
}
