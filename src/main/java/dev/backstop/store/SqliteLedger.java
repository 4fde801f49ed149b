package dev.backstop.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

final class SqliteLedger implements Ledger {
    private static final int MAX_REFERENCE_IDS = 100;
    private static final String COLUMNS =
            "id, time_ms, queue_id, message_id, envelope_sender, unsigned_sender, source, dkim_b";

    private final Database db;
    private final Clock clock;
    private final IntSupplier retentionDays;

    SqliteLedger(Database db, Clock clock, IntSupplier retentionDays) {
        this.db = db;
        this.clock = clock;
        this.retentionDays = retentionDays;
    }

    private long cutoffMs() {
        return clock.instant().minus(Duration.ofDays(retentionDays.getAsInt())).toEpochMilli();
    }

    @Override
    public long record(SentMessage m) {
        return db.writeGrouped("ledger insert", c -> {
            PreparedStatement ps = c.prepare("INSERT INTO ledger(time_ms, queue_id, message_id, message_id_key,"
                    + " envelope_sender, unsigned_sender, source, dkim_b) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setLong(1, m.time().toEpochMilli());
            ps.setString(2, m.queueId());
            ps.setString(3, m.messageId());
            ps.setString(4, LookupKeys.messageId(m.messageId()));
            ps.setString(5, m.envelopeSender());
            ps.setString(6, m.unsignedSender());
            ps.setString(7, m.source());
            ps.setString(8, m.dkimSignature());
            ps.executeUpdate();
            long id = c.lastInsertId();
            PreparedStatement rcpt = c.prepare("INSERT INTO ledger_recipient(ledger_id, position, recipient,"
                    + " recipient_key) VALUES (?, ?, ?, ?)");
            int position = 0;
            for (String r : m.recipients()) {
                rcpt.setLong(1, id);
                rcpt.setInt(2, position++);
                rcpt.setString(3, r);
                rcpt.setString(4, LookupKeys.address(r));
                rcpt.addBatch();
            }
            rcpt.executeBatch();
            return id;
        });
    }

    @Override
    public List<LedgerEntry> byMessageId(String messageId) {
        String key = LookupKeys.messageId(messageId);
        if (key == null) {
            return List.of();
        }
        return db.read("ledger lookup by Message-ID", c -> {
            PreparedStatement ps = c.prepare("SELECT " + COLUMNS
                    + " FROM ledger WHERE message_id_key = ? AND time_ms >= ? ORDER BY time_ms DESC, id DESC");
            ps.setString(1, key);
            ps.setLong(2, cutoffMs());
            return entries(c, ps);
        });
    }

    @Override
    public List<LedgerEntry> byAnyMessageId(Collection<String> messageIds) {
        Set<String> keys = new LinkedHashSet<>();
        for (String id : messageIds) {
            String key = LookupKeys.messageId(id);
            if (key != null && keys.size() < MAX_REFERENCE_IDS) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        // One statement per id: each is an index probe, and a fixed SQL text keeps the statement cache small.
        return db.read("ledger lookup by references", c -> {
            List<LedgerEntry> out = new ArrayList<>();
            Set<Long> seen = new java.util.HashSet<>();
            PreparedStatement ps = c.prepare("SELECT " + COLUMNS
                    + " FROM ledger WHERE message_id_key = ? AND time_ms >= ? ORDER BY time_ms DESC, id DESC");
            for (String key : keys) {
                ps.setString(1, key);
                ps.setLong(2, cutoffMs());
                for (LedgerEntry e : entries(c, ps)) {
                    if (seen.add(e.id())) {
                        out.add(e);
                    }
                }
            }
            out.sort((a, b) -> b.message().time().compareTo(a.message().time()));
            return out;
        });
    }

    @Override
    public List<LedgerEntry> byQueueId(String queueId) {
        if (queueId == null || queueId.isBlank()) {
            return List.of();
        }
        return db.read("ledger lookup by queue id", c -> {
            PreparedStatement ps = c.prepare("SELECT " + COLUMNS
                    + " FROM ledger WHERE queue_id = ? AND time_ms >= ? ORDER BY time_ms DESC, id DESC");
            ps.setString(1, queueId);
            ps.setLong(2, cutoffMs());
            return entries(c, ps);
        });
    }

    @Override
    public List<LedgerEntry> byRecipient(String recipient, int limit) {
        String key = LookupKeys.address(recipient);
        if (key == null || key.isEmpty() || limit < 1) {
            return List.of();
        }
        return db.read("ledger lookup by recipient", c -> {
            PreparedStatement ps = c.prepare("SELECT " + prefixed()
                    + " FROM ledger l WHERE l.id IN (SELECT ledger_id FROM ledger_recipient WHERE recipient_key = ?)"
                    + " AND l.time_ms >= ? ORDER BY l.time_ms DESC, l.id DESC LIMIT ?");
            ps.setString(1, key);
            ps.setLong(2, cutoffMs());
            ps.setInt(3, Math.min(limit, 10_000));
            return entries(c, ps);
        });
    }

    private static String prefixed() {
        return "l." + COLUMNS.replace(", ", ", l.");
    }

    @Override
    public void recordDelivery(Delivery d) {
        db.writeGrouped("delivery upsert", c -> {
            PreparedStatement ps = c.prepare("INSERT INTO delivery(queue_id, recipient_key, recipient, status, dsn,"
                    + " detail, time_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(queue_id, recipient_key) DO UPDATE"
                    + " SET recipient = excluded.recipient, status = excluded.status, dsn = excluded.dsn,"
                    + " detail = excluded.detail, time_ms = excluded.time_ms WHERE excluded.time_ms >= delivery.time_ms");
            ps.setString(1, d.queueId());
            ps.setString(2, LookupKeys.address(d.recipient()));
            ps.setString(3, d.recipient());
            ps.setString(4, d.status().name());
            Database.setNullable(ps, 5, d.dsn());
            Database.setNullable(ps, 6, d.detail());
            ps.setLong(7, d.time().toEpochMilli());
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public List<Delivery> deliveries(String queueId) {
        if (queueId == null) {
            return List.of();
        }
        return db.read("delivery lookup", c -> deliveries(c, queueId));
    }

    @Override
    public long countSince(Instant since) {
        return db.read("ledger count", c -> {
            PreparedStatement ps = c.prepare("SELECT count(*) FROM ledger WHERE time_ms >= ?");
            ps.setLong(1, since.toEpochMilli());
            return Database.single(ps);
        });
    }


    @Override
    public List<SourceCount> countPerSource(Instant from, Instant until, Duration bucket, String source) {
        long b = bucket.toMillis();
        if (b < 1000) {
            throw new IllegalArgumentException("bucket must be at least a second: " + bucket);
        }
        return db.read("ledger counts per source", c -> {
            PreparedStatement ps = c.prepare("SELECT (time_ms / " + b + ") * " + b + " AS bucket, source, count(*)"
                    + " FROM ledger WHERE time_ms >= ? AND time_ms < ?" + (source == null ? "" : " AND source = ?")
                    + " GROUP BY bucket, source ORDER BY bucket, source");
            ps.setLong(1, Math.max(from.toEpochMilli(), cutoffMs()));
            ps.setLong(2, until.toEpochMilli());
            if (source != null) {
                ps.setString(3, source);
            }
            List<SourceCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SourceCount(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getLong(3)));
                }
            }
            return out;
        });
    }

    private static List<Delivery> deliveries(Database.Conn c, String queueId) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT recipient, status, dsn, detail, time_ms FROM delivery"
                + " WHERE queue_id = ? ORDER BY recipient_key");
        ps.setString(1, queueId);
        List<Delivery> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Delivery(queueId, rs.getString(1), DeliveryStatus.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))));
            }
        }
        return out;
    }

    private static List<LedgerEntry> entries(Database.Conn c, PreparedStatement ps) throws SQLException {
        record Row(long id, long timeMs, String queueId, String messageId, String sender, String unsigned,
                   String source, String dkim) {
        }
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8)));
            }
        }
        List<LedgerEntry> out = new ArrayList<>(rows.size());
        PreparedStatement rcpt = c.prepare(
                "SELECT recipient FROM ledger_recipient WHERE ledger_id = ? ORDER BY position");
        for (Row r : rows) {
            rcpt.setLong(1, r.id());
            List<String> recipients = new ArrayList<>();
            try (ResultSet rs = rcpt.executeQuery()) {
                while (rs.next()) {
                    recipients.add(rs.getString(1));
                }
            }
            if (recipients.isEmpty()) {
                continue; // the row is being purged under us; skip rather than return half a row
            }
            SentMessage m = new SentMessage(r.queueId(), r.messageId(), r.sender(), r.unsigned(), recipients,
                    r.source(), Instant.ofEpochMilli(r.timeMs()), r.dkim());
            List<Delivery> deliveries = r.queueId() == null ? List.of() : deliveries(c, r.queueId());
            out.add(new LedgerEntry(r.id(), m, deliveries));
        }
        return out;
    }
}
