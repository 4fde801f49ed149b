package dev.backstop.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class SqliteQuarantine implements Quarantine {
    private static final String COLUMNS = "q.id, q.time_ms, q.envelope_sender, q.message_id, q.subject, q.verdict,"
            + " q.evidence, q.size, q.status, q.released_by, q.released_at_ms";

    private final Database db;
    private final Clock clock;

    SqliteQuarantine(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public QuarantineItem put(QuarantineEntry e) {
        long id = db.write("quarantine insert", c -> {
            PreparedStatement ps = c.prepare("INSERT INTO quarantine(time_ms, envelope_sender, sender_key, message_id,"
                    + " message_id_key, subject, verdict, evidence, size, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'HELD')");
            ps.setLong(1, e.time().toEpochMilli());
            ps.setString(2, e.envelopeSender());
            ps.setString(3, LookupKeys.address(e.envelopeSender()));
            Database.setNullable(ps, 4, e.messageId());
            Database.setNullable(ps, 5, LookupKeys.messageId(e.messageId()));
            Database.setNullable(ps, 6, e.subject());
            ps.setString(7, e.verdict());
            ps.setString(8, e.evidence());
            ps.setLong(9, e.raw().length);
            ps.executeUpdate();
            long newId = c.lastInsertId();
            PreparedStatement raw = c.prepare("INSERT INTO quarantine_raw(quarantine_id, raw) VALUES (?, ?)");
            raw.setLong(1, newId);
            raw.setBytes(2, e.raw());
            raw.executeUpdate();
            PreparedStatement rcpt = c.prepare("INSERT INTO quarantine_recipient(quarantine_id, position, recipient,"
                    + " recipient_key) VALUES (?, ?, ?, ?)");
            int position = 0;
            for (String r : e.recipients()) {
                rcpt.setLong(1, newId);
                rcpt.setInt(2, position++);
                rcpt.setString(3, r);
                rcpt.setString(4, LookupKeys.address(r));
                rcpt.addBatch();
            }
            rcpt.executeBatch();
            return newId;
        });
        return new QuarantineItem(id, Instant.ofEpochMilli(e.time().toEpochMilli()), e.envelopeSender(),
                e.recipients(), e.messageId(), e.subject(), e.verdict(), e.evidence(), e.raw().length,
                QuarantineStatus.HELD, null, null);
    }

    @Override
    public Optional<QuarantinedMessage> get(long id) {
        return db.read("quarantine get", c -> {
            PreparedStatement ps = c.prepare("SELECT " + COLUMNS + " FROM quarantine q WHERE q.id = ?");
            ps.setLong(1, id);
            List<QuarantineItem> items = items(c, ps);
            if (items.isEmpty()) {
                return Optional.empty();
            }
            PreparedStatement raw = c.prepare("SELECT raw FROM quarantine_raw WHERE quarantine_id = ?");
            raw.setLong(1, id);
            byte[] bytes = new byte[0];
            try (ResultSet rs = raw.executeQuery()) {
                if (rs.next()) {
                    bytes = rs.getBytes(1);
                }
            }
            return Optional.of(new QuarantinedMessage(items.get(0), bytes));
        });
    }

    @Override
    public List<QuarantineItem> list(QuarantineQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM quarantine q WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.recipient() != null) {
            sql.append(" AND q.id IN (SELECT quarantine_id FROM quarantine_recipient WHERE recipient_key = ?)");
            args.add(LookupKeys.address(q.recipient()));
        }
        if (q.sender() != null) {
            sql.append(" AND q.sender_key = ?");
            args.add(LookupKeys.address(q.sender()));
        }
        if (q.messageId() != null) {
            sql.append(" AND q.message_id_key = ?");
            args.add(LookupKeys.messageId(q.messageId()));
        }
        if (q.from() != null) {
            sql.append(" AND q.time_ms >= ?");
            args.add(q.from().toEpochMilli());
        }
        if (q.until() != null) {
            sql.append(" AND q.time_ms < ?");
            args.add(q.until().toEpochMilli());
        }
        if (q.status() != null) {
            sql.append(" AND q.status = ?");
            args.add(q.status().name());
        }
        sql.append(" ORDER BY q.time_ms DESC, q.id DESC LIMIT ?");
        args.add(q.limit());
        // At most 2^6 distinct SQL texts, so the per-connection statement cache stays bounded.
        return db.read("quarantine list", c -> {
            PreparedStatement ps = c.prepare(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return items(c, ps);
        });
    }

    @Override
    public boolean markReleased(long id, String actor) {
        return finish(id, actor, QuarantineStatus.RELEASED);
    }

    @Override
    public boolean delete(long id, String actor) {
        return finish(id, actor, QuarantineStatus.DELETED);
    }

    private boolean finish(long id, String actor, QuarantineStatus to) {
        return db.write("quarantine " + to.name().toLowerCase(java.util.Locale.ROOT), c -> {
            PreparedStatement ps = c.prepare("UPDATE quarantine SET status = ?, released_by = ?, released_at_ms = ?"
                    + " WHERE id = ? AND status = 'HELD'");
            ps.setString(1, to.name());
            ps.setString(2, actor);
            ps.setLong(3, clock.millis());
            ps.setLong(4, id);
            boolean changed = ps.executeUpdate() == 1;
            if (changed && to == QuarantineStatus.DELETED) {
                PreparedStatement raw = c.prepare("DELETE FROM quarantine_raw WHERE quarantine_id = ?");
                raw.setLong(1, id);
                raw.executeUpdate();
            }
            return changed;
        });
    }

    @Override
    public long count(QuarantineStatus status) {
        return db.read("quarantine count", c -> {
            PreparedStatement ps = c.prepare("SELECT count(*) FROM quarantine WHERE status = ?");
            ps.setString(1, status.name());
            return Database.single(ps);
        });
    }


    private static List<QuarantineItem> items(Database.Conn c, PreparedStatement ps) throws SQLException {
        record Row(long id, long timeMs, String sender, String messageId, String subject, String verdict,
                   String evidence, long size, String status, String releasedBy, Long releasedAt) {
        }
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long releasedAt = rs.getLong(11);
                Long releasedAtOrNull = rs.wasNull() ? null : releasedAt;
                rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getString(10),
                        releasedAtOrNull));
            }
        }
        PreparedStatement rcpt = c.prepare(
                "SELECT recipient FROM quarantine_recipient WHERE quarantine_id = ? ORDER BY position");
        List<QuarantineItem> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            rcpt.setLong(1, r.id());
            List<String> recipients = new ArrayList<>();
            try (ResultSet rs = rcpt.executeQuery()) {
                while (rs.next()) {
                    recipients.add(rs.getString(1));
                }
            }
            out.add(new QuarantineItem(r.id(), Instant.ofEpochMilli(r.timeMs()), r.sender(), recipients,
                    r.messageId(), r.subject(), r.verdict(), r.evidence(), r.size(),
                    QuarantineStatus.valueOf(r.status()), r.releasedBy(),
                    r.releasedAt() == null ? null : Instant.ofEpochMilli(r.releasedAt())));
        }
        return out;
    }
}
