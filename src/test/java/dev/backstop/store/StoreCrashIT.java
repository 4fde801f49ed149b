package dev.backstop.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments: every row the child saw committed must be there afterwards, and the file must
 * pass SQLite's integrity check. Runs against the same file round after round, so recovery of one crash is
 * also the starting point of the next.
 */
class StoreCrashIT {
    private static final int ROUNDS = 6;

    @TempDir
    Path dir;

    @Test
    void killDashNineLosesNoCommittedRowAndCorruptsNothing() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path db = dir.resolve("crash.db");
        Set<Long> committedLedger = new HashSet<>();
        Set<Long> committedQuarantine = new HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            Durability durability = round % 2 == 0 ? Durability.FULL : Durability.NORMAL;
            int killAfterMs = 100 + random.nextInt(900);
            Result r = runAndKill(db, durability, killAfterMs, round);
            committedLedger.addAll(r.ledger);
            committedQuarantine.addAll(r.quarantine);

            Set<Long> ledgerIds = ids(db, "SELECT id FROM ledger");
            Set<Long> quarantineIds = ids(db, "SELECT quarantine_id FROM quarantine_raw WHERE length(raw) = 65536");
            List<Long> missingLedger = committedLedger.stream().filter(id -> !ledgerIds.contains(id)).toList();
            List<Long> missingQuarantine = committedQuarantine.stream().filter(id -> !quarantineIds.contains(id)).toList();
            System.out.printf("crash round %d (seed %d, synchronous=%s): killed after %d ms; %d ledger + %d quarantine"
                            + " rows reported committed this round; %d ledger rows on disk; missing %d; integrity %s%n",
                    round, seed, durability, killAfterMs, r.ledger.size(), r.quarantine.size(), ledgerIds.size(),
                    missingLedger.size() + missingQuarantine.size(), integrity(db));
            assertThat(r.ledger).as("child made progress before the kill").isNotEmpty();
            assertThat(missingLedger).as("committed ledger rows lost (seed %d)", seed).isEmpty();
            assertThat(missingQuarantine).as("committed quarantine rows lost (seed %d)", seed).isEmpty();
            assertThat(integrity(db)).containsExactly("ok");
        }
        // and the store opens normally and can still write
        try (SqliteStore store = SqliteStore.open(db, Clock.systemUTC(), Retention.DEFAULT, Durability.FULL)) {
            assertThat(store.integrityCheck()).containsExactly("ok");
            assertThat(store.ledger().countSince(java.time.Instant.EPOCH)).isGreaterThanOrEqualTo(committedLedger.size());
        }
    }

    private record Result(List<Long> ledger, List<Long> quarantine) {
    }

    private Result runAndKill(Path db, Durability durability, int killAfterMs, int round) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                StoreCrashChild.class.getName(), db.toString(), durability.name());
        pb.redirectError(dir.resolve("child-" + round + ".err").toFile());
        Process child = pb.start();
        List<Long> ledger = new ArrayList<>();
        List<Long> quarantine = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String first = in.readLine();
            assertThat(first).as("child started (see %s)", dir.resolve("child-" + round + ".err")).isEqualTo("READY .");
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(killAfterMs);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                // SIGKILL on Unix. Through the handle, because Process.destroyForcibly also closes our end of the
                // pipe, and we must still read the lines the child wrote before it died.
                child.toHandle().destroyForcibly();
            });
            killer.start();
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.endsWith(" .")) {
                    continue; // cut by the kill: not a report of a commit
                }
                String[] parts = line.split(" ");
                long id = Long.parseLong(parts[1]);
                (parts[0].equals("L") ? ledger : quarantine).add(id);
            }
            killer.join();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        return new Result(ledger, quarantine);
    }

    private static Set<Long> ids(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            Set<Long> out = new HashSet<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        }
    }

    private static List<String> integrity(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
