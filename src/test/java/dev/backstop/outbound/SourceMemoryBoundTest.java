package dev.backstop.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A million distinct sources must not exhaust the heap: the tracker keeps at most max_sources of them. */
class SourceMemoryBoundTest {
    @TempDir
    Path dir;

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void aMillionDistinctSourcesStayWithinTheCap() throws Exception {
        try (ContainmentFixture f = new ContainmentFixture(dir.resolve("b.db"), ContainmentPolicy.defaults())) {
            long before = usedAfterGc();
            Instant t = f.clock.instant();
            List<String> rcpt = List.of("victim@example.org");
            long start = System.nanoTime();
            for (int i = 0; i < 1_000_000; i++) {
                Source s = new Source(Source.Kind.IP, "10." + (i >>> 16) + "." + ((i >>> 8) & 255) + "." + (i & 255));
                ContainmentDecision d = f.containment.observe(
                        new OutgoingMessage(s, "", rcpt, "s", i, "", t.plusMillis(i), ""));
                assertThat(d.action()).isEqualTo(ContainmentAction.ACCEPT);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = usedAfterGc();
            long grown = after - before;
            System.out.printf("1,000,000 sources in %.1f s: %d tracked, estimate %d MB, heap grew %d MB%n", seconds,
                    f.containment.trackedSources(), f.containment.counterBytes() >> 20, grown >> 20);
            assertThat(f.containment.trackedSources()).isEqualTo(100_000);
            assertThat(f.containment.counterBytes()).isLessThan(120L << 20);
            assertThat(grown).isLessThan(200L << 20);
            // the newest are the ones kept
            assertThat(f.containment.source(new Source(Source.Kind.IP, "10.15.66.63"))).isPresent();
            assertThat(f.containment.source(new Source(Source.Kind.IP, "10.0.0.0"))).isEmpty();
        }
    }
}
