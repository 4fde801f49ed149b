package dev.backstop.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile messages come back as reports, never as exceptions: here under the surefire heap, and in a
 * forked JVM limited to 256 MB to prove the bound the design promises.
 */
class HostileInputTest {
    private final BounceReader reader = new BounceReader();

    @TestFactory
    List<DynamicTest> everyHostileInputGivesAReport() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Supplier<byte[]>> e : HostileInputs.all().entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                long t0 = System.nanoTime();
                BounceReport r = reader.read(e.getValue().get());
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertThat(r).isNotNull();
                assertThat(r.kind()).isNotNull();
                assertThat(ms).as("time for %s", e.getKey()).isLessThan(20_000);
            }));
        }
        return tests;
    }

    @Test
    void deepNestingIsCutWithADefect() {
        BounceReport r = reader.read(HostileInputs.deepNesting(10_000));
        assertThat(r.defects()).anyMatch(d -> d.contains("nesting deeper"));
    }

    @Test
    void hugeMessageIsCutWithADefectAndStillRead() {
        BounceReport r = reader.read(HostileInputs.bigMessage(50 << 20));
        assertThat(r.defects()).anyMatch(d -> d.contains("cut"));
        assertThat(r.kind()).isEqualTo(Kind.BOUNCE);
        assertThat(r.recipients()).extracting(BounceRecipient::address).containsExactly("x@example.com");
    }

    @Test
    void brokenCharsetsAreDefectsNotExceptions() {
        BounceReport r = reader.read(HostileInputs.brokenCharsetsAndBase64());
        assertThat(r.defects()).isNotEmpty();
    }

    @Test
    void nullAndEmptyInput() {
        assertThat(reader.read((byte[]) null).kind()).isEqualTo(Kind.NOT_A_BOUNCE);
        assertThat(reader.read(new byte[0]).kind()).isEqualTo(Kind.NOT_A_BOUNCE);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void allHostileInputsFitIn256MegabyteHeap() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                HostileInputMain.class.getName());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(4, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("all " + HostileInputs.all().size() + " hostile inputs read");
    }
}
