package dev.backstop.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class SqliteSourceMarks implements SourceMarks {
    private final Database db;
    private final Clock clock;

    SqliteSourceMarks(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void setFrozen(String source, boolean frozen, String actor, String reason) {
        set(source, "frozen", frozen, actor, reason);
    }

    @Override
    public void setAllowed(String source, boolean allowed, String actor, String reason) {
        set(source, "allowed", allowed, actor, reason);
    }

    private void set(String source, String column, boolean on, String actor, String reason) {
        // column is one of two constants above, never caller text
        String sql = "INSERT INTO source_mark(source, " + column + ", actor, time_ms, reason) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT(source) DO UPDATE SET " + column + " = excluded." + column
                + ", actor = excluded.actor, time_ms = excluded.time_ms, reason = excluded.reason";
        db.write("source mark", c -> {
            PreparedStatement ps = c.prepare(sql);
            ps.setString(1, source);
            ps.setInt(2, on ? 1 : 0);
            ps.setString(3, actor);
            ps.setLong(4, clock.millis());
            ps.setString(5, reason == null ? "" : reason);
            ps.executeUpdate();
            c.exec("DELETE FROM source_mark WHERE frozen = 0 AND allowed = 0");
            return null;
        });
    }

    @Override
    public List<SourceMark> all() {
        return db.read("source marks", c -> {
            List<SourceMark> out = new ArrayList<>();
            try (ResultSet rs = c.prepare("SELECT source, frozen, allowed, actor, time_ms, reason FROM source_mark"
                    + " ORDER BY source").executeQuery()) {
                while (rs.next()) {
                    out.add(new SourceMark(rs.getString(1), rs.getInt(2) != 0, rs.getInt(3) != 0, rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6)));
                }
            }
            return out;
        });
    }
}
