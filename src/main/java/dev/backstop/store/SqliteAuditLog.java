package dev.backstop.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

final class SqliteAuditLog implements AuditLog {
    private final Database db;
    private final Clock clock;

    SqliteAuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void record(String actor, String action, String target) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        db.write("audit insert", c -> {
            PreparedStatement ps = c.prepare("INSERT INTO audit(time_ms, actor, action, target) VALUES (?, ?, ?, ?)");
            ps.setLong(1, clock.millis());
            ps.setString(2, actor);
            ps.setString(3, action);
            ps.setString(4, target == null ? "" : target);
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public List<AuditEntry> recent(int limit) {
        return db.read("audit list", c -> {
            PreparedStatement ps = c.prepare(
                    "SELECT id, time_ms, actor, action, target FROM audit ORDER BY time_ms DESC, id DESC LIMIT ?");
            ps.setInt(1, Math.max(1, Math.min(limit, 10_000)));
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
            return out;
        });
    }
}
