package dev.backstop.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class SqliteEventLog implements EventLog {
    private static final long HOUR_MS = 3_600_000L;

    private final Database db;
    private final Clock clock;

    SqliteEventLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void append(String type, String summary, String detail) {
        append(new Event(0, clock.instant(), type, summary, detail));
    }

    @Override
    public void append(Event e) {
        db.writeGrouped("event insert", c -> {
            PreparedStatement ps = c.prepare("INSERT INTO event(time_ms, type, summary, detail) VALUES (?, ?, ?, ?)");
            ps.setLong(1, e.time().toEpochMilli());
            ps.setString(2, e.type());
            ps.setString(3, e.summary());
            ps.setString(4, e.detail());
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public List<Event> recent(String type, int limit) {
        int bounded = Math.max(1, Math.min(limit, 10_000));
        return db.read("event list", c -> {
            PreparedStatement ps;
            if (type == null) {
                ps = c.prepare("SELECT id, time_ms, type, summary, detail FROM event ORDER BY time_ms DESC, id DESC LIMIT ?");
                ps.setInt(1, bounded);
            } else {
                ps = c.prepare("SELECT id, time_ms, type, summary, detail FROM event WHERE type = ?"
                        + " ORDER BY time_ms DESC, id DESC LIMIT ?");
                ps.setString(1, type);
                ps.setInt(2, bounded);
            }
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
            return out;
        });
    }

    @Override
    public List<HourlyCount> countPerHour(Instant from, Instant until) {
        return db.read("event hourly counts", c -> {
            PreparedStatement ps = c.prepare("SELECT (time_ms / " + HOUR_MS + ") * " + HOUR_MS + " AS hour, type, count(*)"
                    + " FROM event WHERE time_ms >= ? AND time_ms < ? GROUP BY hour, type ORDER BY hour, type");
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, until.toEpochMilli());
            List<HourlyCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HourlyCount(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getLong(3)));
                }
            }
            return out;
        });
    }
}
