package dev.backstop.store;

import dev.backstop.config.BackstopConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default backend: one SQLite file in WAL mode. Survives {@code kill -9} at any moment without losing a
 * committed row (a commit is in the WAL before it returns; recovery replays or ignores whole transactions);
 * with {@link Durability#FULL} it also survives a power loss. Another process (the CLI) may open the same
 * file at the same time; writers wait up to {@value Database#BUSY_TIMEOUT_MS} ms for each other.
 */
public final class SqliteStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
    private static final int READERS = 3;
    private static final int PURGE_BATCH = 2_000;

    private final Database db;
    private final Clock clock;
    private final Retention retention;
    private final int schemaVersion;
    private final Durability durability;
    private final SqliteLedger ledger;
    private final SqliteQuarantine quarantine;
    private final SqliteEventLog events;
    private final SqliteAuditLog audit;
    private final SqliteSourceMarks sourceMarks;
    private final SqliteIncidentLog incidents;

    private SqliteStore(Database db, Clock clock, Retention retention, int schemaVersion, Durability durability) {
        this.db = db;
        this.durability = durability;
        this.clock = clock;
        this.retention = retention;
        this.schemaVersion = schemaVersion;
        this.ledger = new SqliteLedger(db, clock, retention::ledgerDays);
        this.quarantine = new SqliteQuarantine(db, clock);
        this.events = new SqliteEventLog(db, clock);
        this.audit = new SqliteAuditLog(db, clock);
        this.sourceMarks = new SqliteSourceMarks(db, clock);
        this.incidents = new SqliteIncidentLog(db);
    }

    /**
     * Opens (creating when missing) the database file and applies pending migrations.
     *
     * @throws StoreException when the file cannot be opened or was written by a newer Backstop
     */
    public static SqliteStore open(Path file, Clock clock, Retention retention, Durability durability) {
        return open(file, clock, retention, durability, Migrations.builtIn());
    }

    /** Opens the store the configuration describes ({@code store.sqlite.*} and {@code retention.*}). */
    public static SqliteStore fromConfig(BackstopConfig config, Clock clock) {
        var r = config.retention();
        return open(config.store().sqlite().path(), clock,
                new Retention(r.ledgerDays(), r.eventsDays(), r.quarantineDays()),
                Durability.valueOf(config.store().sqlite().synchronous().toUpperCase(java.util.Locale.ROOT)));
    }

    static SqliteStore open(Path file, Clock clock, Retention retention, Durability durability,
                            Migrations migrations) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(retention, "retention");
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create directory " + parent + ": " + e.getMessage(), e);
        }
        Database db = new Database(file, durability, READERS);
        try {
            int version = migrations.apply(db);
            log.info("store {}: open, schema version {}, synchronous={}", file, version, durability);
            return new SqliteStore(db, clock, retention, version, durability);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public Quarantine quarantine() {
        return quarantine;
    }

    @Override
    public EventLog events() {
        return events;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public SourceMarks sourceMarks() {
        return sourceMarks;
    }

    @Override
    public IncidentLog incidents() {
        return incidents;
    }

    @Override
    public Retention retention() {
        return retention;
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    @Override
    public PurgeResult purge() {
        long now = clock.millis();
        long ledgerCut = now - Duration.ofDays(retention.ledgerDays()).toMillis();
        long eventCut = now - Duration.ofDays(retention.eventDays()).toMillis();
        long quarantineCut = now - Duration.ofDays(retention.quarantineDays()).toMillis();
        long ledgerRows = purgeBatches("ledger",
                "DELETE FROM ledger WHERE id IN (SELECT id FROM ledger WHERE time_ms < ? LIMIT ?)", ledgerCut);
        long deliveryRows = purgeBatches("delivery", "DELETE FROM delivery WHERE (queue_id, recipient_key) IN"
                + " (SELECT queue_id, recipient_key FROM delivery WHERE time_ms < ? LIMIT ?)", ledgerCut);
        long eventRows = purgeBatches("event",
                "DELETE FROM event WHERE id IN (SELECT id FROM event WHERE time_ms < ? LIMIT ?)", eventCut);
        long quarantineRows = purgeBatches("quarantine",
                "DELETE FROM quarantine WHERE id IN (SELECT id FROM quarantine WHERE time_ms < ? LIMIT ?)",
                quarantineCut);
        PurgeResult result = new PurgeResult(ledgerRows, deliveryRows, eventRows, quarantineRows);
        if (result.total() > 0) {
            String summary = "retention removed " + ledgerRows + " ledger rows, " + deliveryRows + " delivery outcomes, "
                    + eventRows + " events, " + quarantineRows + " quarantined messages";
            events.append("retention", summary, "");
            log.info("store {}: {}", db.file(), summary);
        }
        return result;
    }

    private long purgeBatches(String table, String sql, long cutoffMs) {
        long total = 0;
        while (true) {
            int removed = db.write("purge " + table, c -> {
                PreparedStatement ps = c.prepare(sql);
                ps.setLong(1, cutoffMs);
                ps.setInt(2, PURGE_BATCH);
                return ps.executeUpdate();
            });
            total += removed;
            if (removed < PURGE_BATCH) {
                return total;
            }
        }
    }

    public Durability durability() {
        return durability;
    }

    /** Runs SQLite's {@code PRAGMA integrity_check}; the list is {@code [ok]} for a sound file. */
    public List<String> integrityCheck() {
        return db.read("integrity check", c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.connection.createStatement();
                 ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public void close() {
        db.close();
    }
}
