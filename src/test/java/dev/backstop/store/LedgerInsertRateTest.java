package dev.backstop.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures ledger inserts per second (one transaction per sent message, as the milter does) and prints the
 * figure. Reports, never asserts a speed: the machine is shared.
 */
class LedgerInsertRateTest {
    private static final int WARMUP = 300;
    private static final int ROWS = 3_000;

    @TempDir
    Path dir;

    @Test
    void measureInsertRate() throws Exception {
        for (Durability d : Durability.values()) {
            for (int threads : new int[] {1, 8, 32}) {
                double rate = measure(d, threads);
                System.out.printf("ledger insert rate: synchronous=%s threads=%d: %.0f inserts/s (%d rows, 2 recipients each)%n",
                        d, threads, rate, ROWS);
            }
        }
    }

    private double measure(Durability durability, int threads) throws Exception {
        Path file = dir.resolve("rate-" + durability + "-" + threads + ".db");
        try (SqliteStore store = SqliteStore.open(file, Clock.systemUTC(), Retention.DEFAULT, durability)) {
            for (int i = 0; i < WARMUP; i++) {
                store.ledger().record(message("warm" + i));
            }
            int perThread = ROWS / threads;
            List<Thread> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int n = t;
                Thread w = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.ledger().record(message(n + "-" + i));
                    }
                });
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            long nanos = System.nanoTime() - start;
            assertThat(store.ledger().countSince(Instant.EPOCH)).isEqualTo(WARMUP + (long) perThread * threads);
            return perThread * threads / (nanos / 1e9);
        }
    }

    private static SentMessage message(String n) {
        return new SentMessage("4Q" + n, "<" + n + ".1732@shop.example.com>", "prvs=0123abcdef=info@shop.example.com",
                "info@shop.example.com", List.of("a" + n + "@remote.example", "b" + n + "@remote.example"),
                "script www-data:/var/www/shop/contact.php", Instant.now(), null);
    }
}
