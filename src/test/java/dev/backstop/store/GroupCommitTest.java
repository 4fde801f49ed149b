package dev.backstop.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void aFailingWorkFailsAloneAndEveryOtherCallerIsCommitted() throws Exception {
        try (Database db = new Database(dir.resolve("g.db"), Durability.FULL, 1)) {
            db.write("setup", c -> {
                c.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL)");
                return null;
            });
            int threads = 8;
            int each = 100;
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
            AtomicInteger expectedFailures = new AtomicInteger();
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int writer = t;
                ts[t] = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            boolean bad = writer == 0 && i % 2 == 0;
                            try {
                                db.writeGrouped("insert", c -> {
                                    var ps = c.prepare("INSERT INTO t(writer) VALUES (?)");
                                    if (bad) {
                                        ps.setNull(1, java.sql.Types.INTEGER); // NOT NULL violation
                                    } else {
                                        ps.setInt(1, writer);
                                    }
                                    ps.executeUpdate();
                                    return c.lastInsertId();
                                });
                                if (bad) {
                                    unexpected.add(new AssertionError("bad insert succeeded"));
                                }
                            } catch (StoreException e) {
                                if (bad) {
                                    expectedFailures.incrementAndGet();
                                } else {
                                    unexpected.add(e);
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                ts[t].start();
            }
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
            assertThat(unexpected).isEmpty();
            assertThat(expectedFailures.get()).isEqualTo(each / 2);
            long rows = db.read("count", c -> {
                try (ResultSet rs = c.prepare("SELECT count(*) FROM t").executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(rows).isEqualTo((long) threads * each - each / 2);
        }
    }

    @Test
    void groupedWriteReturnsTheWorksValue() throws SQLException {
        try (Database db = new Database(dir.resolve("v.db"), Durability.NORMAL, 1)) {
            List<Integer> value = db.writeGrouped("value", c -> List.of(1, 2));
            assertThat(value).containsExactly(1, 2);
        }
    }
    @Test
    void aLoneCallerThatFailsHalfWayLeavesNoRowAndTheNextCallerCommits() {
        try (Database db = new Database(dir.resolve("alone.db"), Durability.FULL, 1)) {
            db.write("setup", c -> {
                c.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL)");
                return null;
            });
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.writeGrouped("two rows", c -> {
                c.prepare("INSERT INTO t(writer) VALUES (1)").executeUpdate();
                c.prepare("INSERT INTO t(writer) VALUES (NULL)").executeUpdate(); // NOT NULL violation
                return null;
            })).isInstanceOf(StoreException.class).hasMessageContaining("two rows failed");
            long id = db.writeGrouped("one row", c -> {
                c.prepare("INSERT INTO t(writer) VALUES (2)").executeUpdate();
                return c.lastInsertId();
            });
            List<Integer> writers = db.read("rows", c -> {
                List<Integer> out = new java.util.ArrayList<>();
                try (ResultSet rs = c.prepare("SELECT writer FROM t ORDER BY id").executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getInt(1));
                    }
                }
                return out;
            });
            assertThat(writers).containsExactly(2);
            assertThat(id).isPositive();
        }
    }
}
