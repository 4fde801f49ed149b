package dev.backstop.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sliding windows and bounded distinct counts behind {@link SourceStats}. */
class SignalsTest {
    private static final long T0 = 1_800_000_000_000L;

    @Test
    void windowRingSlidesAndForgets() {
        WindowRing r = new WindowRing(10, 60_000, 1); // 10 min in 1-min buckets
        for (int minute = 0; minute < 10; minute++) {
            r.add(T0 + minute * 60_000L, 0, 2);
        }
        assertThat(r.sum(T0 + 9 * 60_000L, 0)).isEqualTo(20);
        assertThat(r.sum(T0 + 10 * 60_000L, 0)).isEqualTo(18); // minute 0 fell out
        assertThat(r.sum(T0 + 18 * 60_000L, 0)).isEqualTo(2);
        assertThat(r.sum(T0 + 19 * 60_000L, 0)).isZero();
        r.add(T0 + 30 * 60_000L, 0, 5); // reuses a stale slot
        assertThat(r.sum(T0 + 30 * 60_000L, 0)).isEqualTo(5);
    }

    @Test
    void recentSetCountsDistinctPerWindowAndSaturatesAtItsCap() {
        RecentSet s = new RecentSet(8);
        s.add(1, 0);
        s.add(1, 10);
        s.add(2, 100);
        assertThat(s.countSince(0)).isEqualTo(2);
        assertThat(s.countSince(50)).isEqualTo(1);
        for (int i = 0; i < 100; i++) {
            s.add(1000 + i, 200 + i);
        }
        assertThat(s.countSince(0)).isEqualTo(8); // "at least 8"
        assertThat(s.countSince(299)).isEqualTo(1); // the newest survived eviction
    }

    @Test
    void statsPerWindowRepeatedContentAndFailures() {
        SourceTracker t = new SourceTracker(100, 64, 64, T0);
        String src = "script 33:/var/www/form.php";
        long fp = ContentFingerprint.of("hi", "same text");
        for (int i = 0; i < 30; i++) {
            t.message(src, T0 + i * 20_000L, List.of("r" + i + "@d" + (i % 3) + ".example"), fp); // every 20 s for 10 min
        }
        long now = T0 + 29 * 20_000L;
        SourceStats s = t.stats(src, now);
        assertThat(s.messages1m()).isBetween(3L, 4L);
        assertThat(s.messages10m()).isEqualTo(30);
        assertThat(s.messages1h()).isEqualTo(30);
        assertThat(s.distinctRecipients10m()).isEqualTo(30);
        assertThat(s.distinctDomains1h()).isEqualTo(3);
        assertThat(s.repeatedContent10m()).isEqualTo(30);
        assertThat(s.newSource()).isTrue();
        t.delivery(src, now, DeliveryOutcome.BOUNCED);
        t.delivery(src, now, DeliveryOutcome.DEFERRED);
        s = t.delivery(src, now, DeliveryOutcome.SENT);
        assertThat(s.failureRatio()).isEqualTo(2.0 / 3);
        SourceStats later = t.stats(src, now + 2 * 3_600_000L);
        assertThat(later.messages1h()).isZero();
        assertThat(later.distinctRecipients1h()).isZero();
        assertThat(later.outcomes1h()).isZero();
        assertThat(later.newSource()).isFalse();
        assertThat(later.total()).isEqualTo(30);
    }

    @Test
    void differentContentToTheSameFewRecipientsIsNotRepeated() {
        SourceTracker t = new SourceTracker(100, 64, 16, T0);
        for (int i = 0; i < 50; i++) {
            t.message("user uid 1000", T0 + i * 1000L, List.of("friend" + (i % 3) + "@example.org"),
                    ContentFingerprint.of("note " + i, "text number " + (char) ('a' + i % 26) + " more " + i));
        }
        SourceStats s = t.stats("user uid 1000", T0 + 50_000);
        assertThat(s.repeatedContent10m()).isLessThanOrEqualTo(3);
        assertThat(s.distinctRecipients10m()).isEqualTo(3);
    }
}
