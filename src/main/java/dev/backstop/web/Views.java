package dev.backstop.web;

import dev.backstop.store.AuditEntry;
import dev.backstop.store.Delivery;
import dev.backstop.store.Event;
import dev.backstop.store.LedgerEntry;
import dev.backstop.store.QuarantineItem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Store records as JSON-ready maps with the API's snake_case keys and ISO-8601 times. */
final class Views {
    private Views() {
    }

    static Map<String, Object> item(QuarantineItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("time", iso(i.time()));
        m.put("status", i.status().name().toLowerCase(Locale.ROOT));
        m.put("verdict", i.verdict());
        m.put("envelope_sender", i.envelopeSender());
        m.put("recipients", i.recipients());
        m.put("message_id", i.messageId());
        m.put("subject", i.subject());
        m.put("evidence", i.evidence());
        m.put("size", i.size());
        m.put("released_by", i.releasedBy());
        m.put("released_at", iso(i.releasedAt()));
        return m;
    }

    static Map<String, Object> ledger(LedgerEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        var s = e.message();
        m.put("id", e.id());
        m.put("time", iso(s.time()));
        m.put("queue_id", s.queueId());
        m.put("message_id", s.messageId());
        m.put("envelope_sender", s.envelopeSender());
        m.put("unsigned_sender", s.unsignedSender());
        m.put("recipients", s.recipients());
        m.put("source", s.source());
        m.put("deliveries", e.deliveries().stream().map(Views::delivery).toList());
        return m;
    }

    static Map<String, Object> delivery(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipient", d.recipient());
        m.put("status", d.status().name().toLowerCase(Locale.ROOT));
        m.put("dsn", d.dsn());
        m.put("detail", d.detail());
        m.put("time", iso(d.time()));
        return m;
    }

    static Map<String, Object> event(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("time", iso(e.time()));
        m.put("type", e.type());
        m.put("summary", e.summary());
        m.put("detail", e.detail());
        return m;
    }

    static Map<String, Object> audit(AuditEntry a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("time", iso(a.time()));
        m.put("actor", a.actor());
        m.put("action", a.action());
        m.put("target", a.target());
        return m;
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
