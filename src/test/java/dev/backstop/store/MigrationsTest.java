package dev.backstop.store;

import dev.backstop.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    private static List<String> with(String extra) {
        List<String> files = new ArrayList<>(Migrations.FILES);
        files.add(extra);
        return files;
    }

    private SqliteStore open(Path db, List<String> files) {
        return SqliteStore.open(db, clock, Retention.DEFAULT, Durability.FULL, Migrations.fromResources(files));
    }

    private static SentMessage sent(String queueId) {
        return new SentMessage(queueId, "<" + queueId + "@example.com>", "a@example.com", "a@example.com",
                List.of("b@remote.example"), "uid 1000", T0, null);
    }

    @Test
    void aVersionOneDatabaseIsMigratedWithItsDataKept() throws Exception {
        Path db = dir.resolve("old.db");
        try (SqliteStore v1 = open(db, List.of("V1__init.sql"))) {
            assertThat(v1.schemaVersion()).isEqualTo(1);
            v1.ledger().record(sent("OLD1"));
        }
        try (SqliteStore current = SqliteStore.open(db, clock, Retention.DEFAULT, Durability.FULL)) {
            assertThat(current.schemaVersion()).isEqualTo(3);
            assertThat(current.ledger().byQueueId("OLD1")).hasSize(1);
            // the V2 table works on the migrated file
            current.ledger().recordDelivery(new Delivery("OLD1", "b@remote.example", DeliveryStatus.BOUNCED,
                    "5.1.1", "user unknown", T0));
            assertThat(current.ledger().byQueueId("OLD1").get(0).deliveries()).hasSize(1);
        }
        assertThat(versions(db)).containsExactly(1, 2, 3);
    }

    @Test
    void aLaterMigrationAppliesOnTopOfExistingRows() throws Exception {
        Path db = dir.resolve("b.db");
        try (SqliteStore s = SqliteStore.open(db, clock, Retention.DEFAULT, Durability.FULL)) {
            s.ledger().record(sent("Q1"));
        }
        try (SqliteStore s = open(db, with("V4__test_add_column.sql"))) {
            assertThat(s.schemaVersion()).isEqualTo(4);
            assertThat(s.ledger().byQueueId("Q1")).hasSize(1);
        }
        assertThat(query(db, "SELECT note FROM ledger")).containsExactly("migrated");
    }

    @Test
    void aFailedMigrationLeavesThePreviousVersionIntact() throws Exception {
        Path db = dir.resolve("c.db");
        try (SqliteStore s = SqliteStore.open(db, clock, Retention.DEFAULT, Durability.FULL)) {
            s.ledger().record(sent("Q1"));
        }
        assertThatThrownBy(() -> open(db, with("V4__test_broken.sql")))
                .isInstanceOf(StoreException.class).hasMessageContaining("migration V4");
        assertThat(versions(db)).containsExactly(1, 2, 3);
        assertThat(query(db, "SELECT name FROM sqlite_master WHERE name = 'half_done'")).isEmpty();
        try (SqliteStore s = SqliteStore.open(db, clock, Retention.DEFAULT, Durability.FULL)) {
            assertThat(s.ledger().byQueueId("Q1")).hasSize(1);
        }
    }

    @Test
    void aDatabaseFromANewerBackstopIsRefusedUnchanged() throws Exception {
        Path db = dir.resolve("new.db");
        try (SqliteStore s = open(db, with("V4__test_add_column.sql"))) {
            assertThat(s.schemaVersion()).isEqualTo(4);
        }
        assertThatThrownBy(() -> SqliteStore.open(db, clock, Retention.DEFAULT, Durability.FULL))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 4")
                .hasMessageContaining("only knows versions up to 3")
                .hasMessageContaining("upgrade Backstop");
        assertThat(versions(db)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void statementsSplitOnLineEndingSemicolonsAndSkipComments() throws Exception {
        assertThat(Migrations.statements("-- c\nCREATE TABLE a (x);\n\nCREATE INDEX i\n  ON a(x);\n"))
                .containsExactly("CREATE TABLE a (x);", "CREATE INDEX i\n  ON a(x);");
        assertThatThrownBy(() -> Migrations.statements("CREATE TABLE a (x)"))
                .isInstanceOf(java.sql.SQLException.class);
    }

    @Test
    void migrationsMustBeNumberedWithoutGaps() {
        assertThatThrownBy(() -> new Migrations(List.of(new Migration(2, "x", "SELECT 1;"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> versions(Path db) throws Exception {
        return query(db, "SELECT version FROM schema_version ORDER BY version").stream().map(Integer::valueOf).toList();
    }

    private static List<String> query(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
