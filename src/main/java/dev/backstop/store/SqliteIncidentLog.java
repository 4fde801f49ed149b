package dev.backstop.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class SqliteIncidentLog implements IncidentLog {
    private static final String COLUMNS = "id, source, reason, status, opened_ms, last_ms, messages, held, recipients,"
            + " initial_count, top_domains, subject, sample, resolved_ms, resolved_by";

    private final Database db;

    SqliteIncidentLog(Database db) {
        this.db = db;
    }

    @Override
    public long open(IncidentRecord r) {
        return db.write("incident open", c -> {
            PreparedStatement ps = c.prepare("INSERT INTO incident(source, reason, status, opened_ms, last_ms, messages,"
                    + " held, recipients, initial_count, top_domains, subject, sample) VALUES (?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, r.source());
            ps.setString(2, r.reason());
            ps.setLong(3, r.opened().toEpochMilli());
            ps.setLong(4, r.last().toEpochMilli());
            ps.setLong(5, r.messages());
            ps.setLong(6, r.held());
            ps.setLong(7, r.recipients());
            ps.setLong(8, r.initialCount());
            ps.setString(9, r.topDomains());
            ps.setString(10, r.subject());
            ps.setString(11, r.sample());
            ps.executeUpdate();
            return c.lastInsertId();
        });
    }

    @Override
    public void update(IncidentRecord r) {
        db.writeGrouped("incident update", c -> {
            // Monotonic: the daemon and the admin command may both hold a copy; an older copy never wins.
            PreparedStatement ps = c.prepare("UPDATE incident SET last_ms = max(last_ms, ?), top_domains = CASE WHEN"
                    + " ? >= messages THEN ? ELSE top_domains END, messages = max(messages, ?), held = max(held, ?),"
                    + " recipients = max(recipients, ?) WHERE id = ?");
            ps.setLong(1, r.last().toEpochMilli());
            ps.setLong(2, r.messages());
            ps.setString(3, r.topDomains());
            ps.setLong(4, r.messages());
            ps.setLong(5, r.held());
            ps.setLong(6, r.recipients());
            ps.setLong(7, r.id());
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public boolean resolve(long id, String actor, Instant at) {
        return db.write("incident resolve", c -> {
            PreparedStatement ps = c.prepare("UPDATE incident SET status = 'RESOLVED', resolved_ms = ?, resolved_by = ?"
                    + " WHERE id = ? AND status = 'OPEN'");
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, actor);
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public Optional<IncidentRecord> get(long id) {
        return db.read("incident get", c -> {
            PreparedStatement ps = c.prepare("SELECT " + COLUMNS + " FROM incident WHERE id = ?");
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public List<IncidentRecord> list(boolean openOnly, int limit) {
        return db.read("incident list", c -> {
            PreparedStatement ps = c.prepare("SELECT " + COLUMNS + " FROM incident"
                    + (openOnly ? " WHERE status = 'OPEN'" : "") + " ORDER BY id DESC LIMIT ?");
            ps.setInt(1, Math.max(1, Math.min(limit, 10_000)));
            List<IncidentRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    private static IncidentRecord row(ResultSet rs) throws SQLException {
        long resolved = rs.getLong(14);
        Instant resolvedAt = rs.wasNull() ? null : Instant.ofEpochMilli(resolved);
        return new IncidentRecord(rs.getLong(1), rs.getString(2), rs.getString(3), "OPEN".equals(rs.getString(4)),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getLong(7),
                rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11), rs.getString(12), rs.getString(13),
                resolvedAt, rs.getString(15));
    }

    @Override
    public void addHeld(long incidentId, String queueId, Instant at) {
        db.writeGrouped("incident held", c -> {
            PreparedStatement ps = c.prepare("INSERT OR IGNORE INTO incident_held(incident_id, queue_id, state, time_ms)"
                    + " VALUES (?, ?, 'HELD', ?)");
            ps.setLong(1, incidentId);
            ps.setString(2, queueId);
            ps.setLong(3, at.toEpochMilli());
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public List<String> queueIds(long incidentId, HeldState state) {
        return db.read("incident queue ids", c -> {
            PreparedStatement ps = c.prepare("SELECT queue_id FROM incident_held WHERE incident_id = ? AND state = ?"
                    + " ORDER BY time_ms, queue_id");
            ps.setLong(1, incidentId);
            ps.setString(2, state.name());
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public int setHeldState(long incidentId, Collection<String> queueIds, HeldState state) {
        return db.write("incident held state", c -> {
            PreparedStatement ps = c.prepare("UPDATE incident_held SET state = ? WHERE incident_id = ? AND queue_id = ?");
            int n = 0;
            for (String q : queueIds) {
                ps.setString(1, state.name());
                ps.setLong(2, incidentId);
                ps.setString(3, q);
                n += ps.executeUpdate();
            }
            return n;
        });
    }

    @Override
    public boolean markAlerted(long incidentId, String kind, Instant at) {
        return db.write("incident alert", c -> {
            PreparedStatement ps = c.prepare("INSERT OR IGNORE INTO incident_alert(incident_id, kind, time_ms) VALUES (?, ?, ?)");
            ps.setLong(1, incidentId);
            ps.setString(2, kind);
            ps.setLong(3, at.toEpochMilli());
            return ps.executeUpdate() == 1;
        });
    }
}
