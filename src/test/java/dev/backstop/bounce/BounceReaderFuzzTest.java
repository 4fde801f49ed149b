package dev.backstop.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The reader never throws and always reports. In a normal test run Jazzer replays the inputs under
 * {@code src/test/resources/dev/backstop/bounce/BounceReaderFuzzTestInputs/fuzzRead/} (seeds and every
 * input that ever crashed); with {@code JAZZER_FUZZ=1} it fuzzes for at most a minute.
 */
class BounceReaderFuzzTest {
    private static final BounceReader READER = new BounceReader();

    @FuzzTest(maxDuration = "60s")
    void fuzzRead(byte[] data) {
        BounceReport report = READER.read(data);
        assertThat(report).isNotNull();
        assertThat(report.kind()).isNotNull();
        assertThat(report.recipients()).isNotNull().doesNotContainNull();
        assertThat(report.original()).isNotNull();
    }
}
