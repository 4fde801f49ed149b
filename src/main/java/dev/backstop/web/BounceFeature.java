package dev.backstop.web;

import dev.backstop.store.Delivery;
import dev.backstop.store.DeliveryStatus;
import dev.backstop.store.Event;
import dev.backstop.store.LedgerEntry;
import dev.backstop.store.QuarantineItem;
import dev.backstop.store.QuarantineQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Did my message bounce?": the ledger rows for a recipient or a Message-ID with their delivery outcomes, the
 * bounces that came back for them (verdict events), and any such bounce still in the quarantine.
 */
final class BounceFeature implements Feature {
    static final int LIMIT = 50;
    /** How far back the verdict events are searched for a mention of the message or recipient. */
    static final int EVENTS_SCANNED = 2000;
    private final WebContext web;

    BounceFeature(WebContext web) {
        this.web = web;
    }

    @Override
    public Nav nav() {
        return Nav.BOUNCES;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.page("/bounces", this::page), Route.page("/api/bounces", x -> {
            if (x.param("recipient") == null && x.param("message_id") == null) {
                throw new Exchange.BadRequest("give recipient=ADDRESS or message_id=ID");
            }
            x.json(200, data(x.param("recipient"), x.param("message_id")));
        }));
    }

    Map<String, Object> data(String recipient, String messageId) {
        return data(recipient, messageId, sent(recipient, messageId));
    }

    private List<LedgerEntry> sent(String recipient, String messageId) {
        return messageId != null ? web.store.ledger().byMessageId(messageId)
                : web.store.ledger().byRecipient(recipient, LIMIT);
    }

    private Map<String, Object> data(String recipient, String messageId, List<LedgerEntry> sent) {
        QuarantineQuery q = QuarantineQuery.all(LIMIT);
        q = messageId != null ? q.withMessageId(messageId) : q.withRecipient(recipient);
        List<QuarantineItem> held = web.store.quarantine().list(q);
        String needle = (messageId != null ? strip(messageId) : recipient).toLowerCase(Locale.ROOT);
        List<Event> bounces = web.store.events().recent(null, EVENTS_SCANNED).stream()
                .filter(e -> e.type().startsWith("verdict."))
                .filter(e -> (e.summary() + " " + e.detail()).toLowerCase(Locale.ROOT).contains(needle))
                .limit(LIMIT).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("query", messageId != null ? Map.of("message_id", messageId) : Map.of("recipient", recipient));
        m.put("sent", sent.stream().map(Views::ledger).toList());
        m.put("bounce_events", bounces.stream().map(Views::event).toList());
        m.put("quarantined", held.stream().map(Views::item).toList());
        return m;
    }

    private static String strip(String id) {
        String s = id.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    private void page(Exchange x) {
        String recipient = x.param("recipient");
        String messageId = x.param("message_id");
        StringBuilder b = new StringBuilder("<h1>Did my message bounce?</h1><form method=\"get\" action=\"/bounces\" "
                + "class=\"search\"><label>Recipient <input type=\"email\" name=\"recipient\" id=\"b-recipient\" value=\"")
                .append(Html.esc(recipient)).append("\"></label><label>or Message-ID <input type=\"text\" name=\"message_id\" "
                        + "id=\"b-message-id\" value=\"").append(Html.esc(messageId))
                .append("\"></label><button type=\"submit\" id=\"lookup\">Look up</button></form>");
        if (recipient == null && messageId == null) {
            b.append("<p>Give the address you wrote to, or the Message-ID of your message.</p>");
            x.html(200, Layout.page(x, Nav.BOUNCES, "Did my message bounce?", b.toString()));
            return;
        }
        List<LedgerEntry> sent = sent(recipient, messageId);
        Map<String, Object> d = data(recipient, messageId, sent);
        b.append("<h2>Sent</h2>");
        if (sent.isEmpty()) {
            b.append("<p id=\"nothing-sent\">No message in the ledger matches (it keeps ")
                    .append(web.store.retention().ledgerDays()).append(" days).</p>");
        } else {
            b.append("<div class=\"scroll\"><table class=\"grid\" id=\"sent\"><thead><tr><th>time</th><th>Message-ID</th>"
                    + "<th>from</th><th>to</th><th>outcome</th></tr></thead><tbody>");
            for (LedgerEntry e : sent) {
                var s = e.message();
                b.append("<tr><td>").append(Html.esc(Html.time(s.time()))).append("</td><td>").append(Html.esc(s.messageId()))
                        .append("</td><td>").append(Html.esc(s.unsignedSender())).append("</td><td>")
                        .append(Html.esc(String.join(", ", s.recipients()))).append("</td><td>");
                if (e.deliveries().isEmpty()) {
                    b.append("no outcome known yet");
                }
                for (Delivery dl : e.deliveries()) {
                    b.append("<div class=\"").append(dl.status() == DeliveryStatus.BOUNCED ? "bad" : "ok").append("\">")
                            .append(Html.esc(dl.recipient())).append(": ").append(dl.status().name().toLowerCase(Locale.ROOT))
                            .append(dl.dsn() == null ? "" : " " + Html.esc(dl.dsn()))
                            .append(dl.detail() == null ? "" : " (" + Html.esc(dl.detail()) + ")").append("</div>");
                }
                b.append("</td></tr>");
            }
            b.append("</tbody></table></div>");
        }
        b.append("<h2>Bounces that came back</h2>");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) d.get("bounce_events");
        if (events.isEmpty()) {
            b.append("<p id=\"no-bounces\">None recorded.</p>");
        } else {
            b.append("<ul id=\"bounces\">");
            for (Map<String, Object> e : events) {
                b.append("<li><strong>").append(Html.esc(e.get("type"))).append("</strong> ").append(Html.esc(e.get("time")))
                        .append(": ").append(Html.esc(e.get("summary"))).append("<br><small>").append(Html.esc(e.get("detail")))
                        .append("</small></li>");
            }
            b.append("</ul>");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> held = (List<Map<String, Object>>) d.get("quarantined");
        if (!held.isEmpty()) {
            b.append("<h2>In the quarantine</h2><ul id=\"held\">");
            for (Map<String, Object> i : held) {
                b.append("<li><a href=\"/quarantine/").append(i.get("id")).append("\">#").append(i.get("id")).append("</a> ")
                        .append(Html.esc(i.get("verdict"))).append(", ").append(Html.esc(i.get("status"))).append(": ")
                        .append(Html.esc(i.get("subject"))).append("</li>");
            }
            b.append("</ul>");
        }
        x.html(200, Layout.page(x, Nav.BOUNCES, "Did my message bounce?", b.toString()));
    }
}
