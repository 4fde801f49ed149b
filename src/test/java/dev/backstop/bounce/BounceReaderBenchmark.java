package dev.backstop.bounce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-thread throughput of {@link BounceReader#read(byte[])} over the whole corpus held in memory.
 * One operation is one message; run with {@code bench/jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class BounceReaderBenchmark {
    /** Messages per invocation; set from the corpus size at set-up (JMH needs a constant, so fixed here). */
    static final int BATCH = 629;

    private final BounceReader reader = new BounceReader();
    private byte[][] messages;

    @Setup
    public void load() throws IOException {
        Path eml = CorpusAccuracyTest.corpus().resolve("eml");
        List<byte[]> all = new ArrayList<>();
        for (Path p : TsvDump.files(eml)) {
            all.add(Files.readAllBytes(p));
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("no corpus at " + eml + " (set BACKSTOP_CORPUS)");
        }
        messages = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            messages[i] = all.get(i % all.size());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void readCorpus(Blackhole bh) {
        for (byte[] m : messages) {
            bh.consume(reader.read(m));
        }
    }
}
