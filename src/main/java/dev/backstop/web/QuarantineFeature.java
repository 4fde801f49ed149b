package dev.backstop.web;

import dev.backstop.engine.QuarantineRelease;
import dev.backstop.store.QuarantineItem;
import dev.backstop.store.QuarantineQuery;
import dev.backstop.store.QuarantineStatus;
import dev.backstop.store.QuarantinedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The quarantine: search, view headers and evidence, release or delete one or many. In the browser a release or
 * delete first shows a confirmation page listing the messages; the API acts at once.
 */
final class QuarantineFeature implements Feature {
    static final int MAX_IDS = 500;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    private final WebContext web;

    QuarantineFeature(WebContext web) {
        this.web = web;
    }

    @Override
    public Nav nav() {
        return Nav.QUARANTINE;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.page("/quarantine", this::listPage),
                Route.page("/quarantine/*", this::showPage),
                Route.action("/quarantine/confirm", this::confirmPage),
                Route.action("/quarantine/release", x -> act(x, "release")),
                Route.action("/quarantine/delete", x -> act(x, "delete")),
                Route.page("/api/quarantine", x -> x.json(200, Map.of("items",
                        web.store.quarantine().list(query(x)).stream().map(Views::item).toList()))),
                Route.page("/api/quarantine/*", this::showJson),
                Route.action("/api/quarantine/release", x -> act(x, "release")),
                Route.action("/api/quarantine/delete", x -> act(x, "delete")));
    }

    static QuarantineQuery query(Exchange x) {
        int limit = 100;
        if (x.param("limit") != null) {
            try {
                limit = Math.max(1, Math.min(1000, Integer.parseInt(x.param("limit"))));
            } catch (NumberFormatException e) {
                throw new Exchange.BadRequest("limit: not a number");
            }
        }
        String status = Optional.ofNullable(x.param("status")).orElse("held").toLowerCase(Locale.ROOT);
        QuarantineQuery q = switch (status) {
            case "all" -> QuarantineQuery.all(limit);
            case "held", "released", "deleted" -> new QuarantineQuery(null, null, null, null, null,
                    QuarantineStatus.valueOf(status.toUpperCase(Locale.ROOT)), limit);
            default -> throw new Exchange.BadRequest("status: held, released, deleted or all");
        };
        return q.withRecipient(x.param("recipient")).withSender(x.param("sender"))
                .withMessageId(x.param("message_id"))
                .between(instant(x.param("from"), false), instant(x.param("until"), true));
    }

    /** A date (yyyy-mm-dd, a whole UTC day; {@code until} is inclusive) or an ISO instant. */
    static Instant instant(String s, boolean endOfDay) {
        if (s == null) {
            return null;
        }
        try {
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new Exchange.BadRequest("not a date (yyyy-mm-dd) or time (ISO-8601): " + s);
        }
    }

    private static long id(String s) {
        try {
            long id = Long.parseLong(s);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new Exchange.BadRequest("not a message id: " + s);
    }

    private static List<Long> ids(Exchange x) {
        List<String> raw = x.params("id");
        if (raw.isEmpty()) {
            raw = x.params("ids");
        }
        if (raw.isEmpty()) {
            throw new Exchange.BadRequest("no message selected (id=...)");
        }
        if (raw.size() > MAX_IDS) {
            throw new Exchange.BadRequest("at most " + MAX_IDS + " messages at once");
        }
        return raw.stream().map(QuarantineFeature::id).distinct().toList();
    }

    private void act(Exchange x, String op) {
        List<Long> ids = ids(x);
        List<Map<String, Object>> results = new ArrayList<>();
        int done = 0;
        for (long id : ids) {
            QuarantineRelease.Result r = op.equals("release") ? web.release.release(id, x.session().actor())
                    : web.release.delete(id, x.session().actor());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("ok", r.ok());
            m.put("problem", r.ok() ? null : r.problem());
            results.add(m);
            done += r.ok() ? 1 : 0;
        }
        if (x.path().startsWith("/api/")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("action", op);
            body.put("done", done);
            body.put("failed", ids.size() - done);
            body.put("results", results);
            x.json(200, body);
            return;
        }
        StringBuilder msg = new StringBuilder(op.equals("release") ? "Released " : "Deleted ").append(done)
                .append(done == 1 ? " message" : " messages");
        for (Map<String, Object> m : results) {
            if (!(Boolean) m.get("ok")) {
                msg.append("; ").append(m.get("id")).append(": ").append(m.get("problem"));
            }
        }
        x.redirect("/quarantine?notice=" + Html.url(msg.toString()));
    }

    private void listPage(Exchange x) {
        QuarantineQuery q = query(x);
        List<QuarantineItem> items = web.store.quarantine().list(q);
        StringBuilder b = new StringBuilder("<h1>Quarantine</h1>");
        if (x.param("notice") != null) {
            b.append("<p class=\"notice\" id=\"notice\" role=\"status\">").append(Html.esc(x.param("notice"))).append("</p>");
        }
        String status = Optional.ofNullable(x.param("status")).orElse("held");
        b.append("<form method=\"get\" action=\"/quarantine\" class=\"search\">")
                .append(field("recipient", "Recipient", "email", x)).append(field("sender", "Sender", "text", x))
                .append(field("message_id", "Message-ID", "text", x)).append(field("from", "From (date)", "date", x))
                .append(field("until", "Until (date)", "date", x))
                .append("<label>Status <select name=\"status\" id=\"status\">");
        for (String s : List.of("held", "released", "deleted", "all")) {
            b.append("<option").append(s.equals(status) ? " selected" : "").append('>').append(s).append("</option>");
        }
        b.append("</select></label><button type=\"submit\" id=\"search\">Search</button></form>");
        b.append("<form method=\"post\" action=\"/quarantine/confirm\">").append(Html.csrfField(x.session()));
        b.append("<p class=\"count\" id=\"count\">").append(items.size()).append(items.size() == 1 ? " message" : " messages")
                .append("</p><div class=\"scroll\"><table class=\"grid\" id=\"items\"><thead><tr><th>pick</th><th>time</th>"
                        + "<th>verdict</th><th class=\"opt\">sender</th><th>recipients</th><th>subject</th><th class=\"opt\">status</th>"
                        + "</tr></thead><tbody>");
        for (QuarantineItem i : items) {
            b.append("<tr id=\"item-").append(i.id()).append("\"><td>");
            if (i.status() == QuarantineStatus.HELD) {
                b.append("<input type=\"checkbox\" name=\"id\" value=\"").append(i.id()).append("\" id=\"pick-")
                        .append(i.id()).append("\" aria-label=\"select message ").append(i.id()).append("\">");
            }
            b.append("</td><td><a href=\"/quarantine/").append(i.id()).append("\">").append(Html.esc(Html.time(i.time())))
                    .append("</a></td><td>").append(Html.esc(i.verdict())).append("</td><td class=\"opt\">&lt;")
                    .append(Html.esc(i.envelopeSender())).append("&gt;</td><td>").append(Html.esc(String.join(", ", i.recipients())))
                    .append("</td><td>").append(Html.esc(i.subject())).append("</td><td class=\"opt\">")
                    .append(i.status().name().toLowerCase(Locale.ROOT)).append("</td></tr>");
        }
        b.append("</tbody></table></div>");
        if (!items.isEmpty()) {
            b.append("<div class=\"actions\"><button type=\"submit\" name=\"op\" value=\"release\" id=\"release\">"
                    + "Release selected…</button><button type=\"submit\" name=\"op\" value=\"delete\" id=\"delete\" "
                    + "class=\"danger\">Delete selected…</button></div>");
        }
        b.append("</form>");
        x.html(200, Layout.page(x, Nav.QUARANTINE, "Quarantine", b.toString()));
    }

    private static String field(String name, String label, String type, Exchange x) {
        return "<label>" + label + " <input type=\"" + type + "\" name=\"" + name + "\" id=\"q-" + name + "\" value=\""
                + Html.esc(x.param(name)) + "\"></label>";
    }

    /** Shows what would happen and asks again; the real action is the form on this page. */
    private void confirmPage(Exchange x) {
        String op = "delete".equals(x.param("op")) ? "delete" : "release";
        List<Long> ids;
        try {
            ids = ids(x);
        } catch (Exchange.BadRequest e) {
            x.redirect("/quarantine?notice=" + Html.url("Select at least one message first."));
            return;
        }
        StringBuilder b = new StringBuilder("<h1>").append(op.equals("release") ? "Release " : "Delete ")
                .append(ids.size()).append(ids.size() == 1 ? " message?" : " messages?").append("</h1>");
        b.append(op.equals("release")
                ? "<p>Each message is handed to the local MTA for its original recipients.</p>"
                : "<p>The messages are deleted for good.</p>");
        b.append("<form method=\"post\" action=\"/quarantine/").append(op).append("\">").append(Html.csrfField(x.session()))
                .append("<ul class=\"confirm\">");
        for (long id : ids) {
            Optional<QuarantinedMessage> m = web.store.quarantine().get(id);
            b.append("<li><input type=\"hidden\" name=\"id\" value=\"").append(id).append("\">#").append(id);
            m.ifPresent(q -> b.append(" ").append(Html.esc(q.item().subject())).append(" → ")
                    .append(Html.esc(String.join(", ", q.item().recipients()))));
            b.append("</li>");
        }
        b.append("</ul><div class=\"actions\"><button type=\"submit\" id=\"confirm\" class=\"")
                .append(op.equals("delete") ? "danger" : "").append("\">Yes, ").append(op).append("</button>")
                .append("<a href=\"/quarantine\" id=\"cancel\">Cancel</a></div></form>");
        x.html(200, Layout.page(x, Nav.QUARANTINE, "Confirm", b.toString()));
    }

    private Optional<QuarantinedMessage> find(Exchange x) {
        return web.store.quarantine().get(id(x.tail()));
    }

    static String headers(byte[] raw) {
        int n = Math.min(raw.length, MAX_HEADER_BYTES);
        String text = new String(raw, 0, n, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            end = text.indexOf("\n\n");
        }
        return end < 0 ? text : text.substring(0, end);
    }

    private void showJson(Exchange x) {
        Optional<QuarantinedMessage> m = find(x);
        if (m.isEmpty()) {
            x.json(404, Map.of("error", "no such message"));
            return;
        }
        Map<String, Object> body = Views.item(m.get().item());
        body.put("headers", headers(m.get().raw()));
        x.json(200, body);
    }

    private void showPage(Exchange x) {
        Optional<QuarantinedMessage> m = find(x);
        if (m.isEmpty()) {
            x.html(404, Layout.page(x, Nav.QUARANTINE, "Not found", "<h1>No such message</h1>"));
            return;
        }
        QuarantineItem i = m.get().item();
        StringBuilder b = new StringBuilder("<h1>Message #").append(i.id()).append("</h1><dl class=\"facts\">");
        fact(b, "Time", Html.time(i.time()));
        fact(b, "Status", i.status().name().toLowerCase(Locale.ROOT)
                + (i.releasedBy() == null ? "" : " by " + i.releasedBy() + " at " + Html.time(i.releasedAt())));
        fact(b, "Verdict", i.verdict());
        fact(b, "Envelope sender", "<" + i.envelopeSender() + ">");
        fact(b, "Recipients", String.join(", ", i.recipients()));
        fact(b, "Message-ID", i.messageId());
        fact(b, "Subject", i.subject());
        fact(b, "Size", i.size() + " bytes");
        b.append("</dl><h2>Evidence</h2><pre class=\"evidence\" id=\"evidence\">").append(Html.esc(i.evidence()))
                .append("</pre>");
        if (i.status() == QuarantineStatus.HELD) {
            for (String op : List.of("release", "delete")) {
                b.append("<form method=\"post\" action=\"/quarantine/confirm\" class=\"inline\">")
                        .append(Html.csrfField(x.session())).append("<input type=\"hidden\" name=\"id\" value=\"")
                        .append(i.id()).append("\"><button type=\"submit\" name=\"op\" value=\"").append(op)
                        .append("\" id=\"").append(op).append("-one\"").append(op.equals("delete") ? " class=\"danger\"" : "")
                        .append('>').append(op.equals("release") ? "Release…" : "Delete…").append("</button></form>");
            }
        }
        b.append("<h2>Headers</h2><pre class=\"headers\" id=\"headers\">").append(Html.esc(headers(m.get().raw())))
                .append("</pre>");
        x.html(200, Layout.page(x, Nav.QUARANTINE, "Message " + i.id(), b.toString()));
    }

    private static void fact(StringBuilder b, String name, String value) {
        b.append("<dt>").append(name).append("</dt><dd>").append(Html.esc(value)).append("</dd>");
    }
}
