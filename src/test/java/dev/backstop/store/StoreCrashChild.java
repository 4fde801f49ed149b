package dev.backstop.store;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Run by {@link StoreCrashIT} in a child JVM: writes to the store as fast as it can and prints each row id
 * only after its commit returned, until it is killed. Lines end in " ." so a line cut by the kill is seen.
 */
public final class StoreCrashChild {
    private static final int WRITERS = 4;

    private StoreCrashChild() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Durability durability = Durability.valueOf(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        byte[] raw = new byte[64 * 1024];
        Arrays.fill(raw, (byte) 'x');
        SqliteStore store = SqliteStore.open(file, Clock.systemUTC(), Retention.DEFAULT, durability);
        out.println("READY .");
        // Several writers, so kills also land inside group commits of more than one row.
        for (int t = 0; t < WRITERS; t++) {
            int writer = t;
            new Thread(() -> {
                for (long n = 0; ; n++) {
                    if (writer == 0 && n % 25 == 0) {
                        long q = store.quarantine().put(new QuarantineEntry(Instant.now(), "", List.of("a@example.com"),
                                "<q" + n + "@example.com>", "crash test", "unknown", "{}", raw)).id();
                        out.println("Q " + q + " .");
                    }
                    long id = store.ledger().record(new SentMessage("CRASH" + writer + "-" + n,
                            "<" + writer + "." + n + "@crash.example>", "sender@example.com", "sender@example.com",
                            List.of("r" + n + "@remote.example"), "uid 1000", Instant.now(), null));
                    out.println("L " + id + " .");
                }
            }).start();
        }
    }
}
