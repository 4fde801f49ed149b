package dev.backstop.web;

import dev.backstop.engine.IncidentActions;
import dev.backstop.incident.Incident;
import dev.backstop.store.SourceCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Incidents of outbound containment: the list (open by default), one incident's counts, domains, subject and
 * sample headers, and purge / release / unfreeze. In the browser each action first shows a confirmation page;
 * the API acts at once. The MTA's queue and the audit log are reached through {@link IncidentActions}.
 */
final class IncidentFeature implements Feature {
    /** At most this many bars in an incident's timeline: long incidents get wider buckets. */
    static final int TIMELINE_BARS = 60;
    static final List<String> OPS = List.of("purge", "release", "unfreeze");
    private final WebContext web;

    IncidentFeature(WebContext web) {
        this.web = web;
    }

    @Override
    public Nav nav() {
        return Nav.INCIDENTS;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.page("/incidents", this::listPage),
                Route.page("/incidents/*", this::showPage),
                Route.action("/incidents/confirm", this::confirmPage),
                Route.action("/incidents/purge", x -> act(x, "purge", id(x.param("id")))),
                Route.action("/incidents/release", x -> act(x, "release", id(x.param("id")))),
                Route.action("/incidents/unfreeze", x -> act(x, "unfreeze", id(x.param("id")))),
                Route.page("/api/incidents", x -> x.json(200, Map.of("incidents",
                        web.containment.incidents(openOnly(x)).stream().map(IncidentFeature::view).toList()))),
                Route.page("/api/incidents/*", this::showJson),
                Route.action("/api/incidents/*/purge", x -> act(x, "purge", id(x.tail()))),
                Route.action("/api/incidents/*/release", x -> act(x, "release", id(x.tail()))),
                Route.action("/api/incidents/*/unfreeze", x -> act(x, "unfreeze", id(x.tail()))));
    }

    private static boolean openOnly(Exchange x) {
        String s = Optional.ofNullable(x.param("status")).orElse("open");
        return switch (s) {
            case "open" -> true;
            case "all" -> false;
            default -> throw new Exchange.BadRequest("status: open or all");
        };
    }

    static long id(String s) {
        try {
            long id = Long.parseLong(s == null ? "" : s);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new Exchange.BadRequest("not an incident id: " + s);
    }

    static Map<String, Object> view(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("source", i.source());
        m.put("reason", i.reason());
        m.put("open", i.open());
        m.put("opened", String.valueOf(i.opened()));
        m.put("last", String.valueOf(i.last()));
        m.put("messages", i.messages());
        m.put("held", i.held());
        m.put("recipients", i.recipients());
        m.put("initial_count", i.initialCount());
        m.put("top_domains", i.topDomains());
        m.put("subject", i.subject());
        m.put("resolved", i.resolved() == null ? null : i.resolved().toString());
        m.put("resolved_by", i.resolvedBy());
        return m;
    }

    private void act(Exchange x, String op, long id) {
        String actor = x.session().actor();
        IncidentActions.Outcome o;
        if (web.containment.incident(id).isEmpty()) {
            o = new IncidentActions.Outcome(false, "no incident " + id);
        } else {
            o = switch (op) {
                case "purge" -> web.incidentActions.purge(id, actor);
                case "release" -> web.incidentActions.release(id, x.params("queue_id"), actor);
                default -> web.incidentActions.unfreeze(id, actor);
            };
        }
        if (x.path().startsWith("/api/")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("action", op);
            body.put("incident", id);
            body.put("ok", o.ok());
            body.put("message", o.message());
            x.json(o.ok() ? 200 : (o.message().startsWith("no ") ? 404 : 409), body);
            return;
        }
        x.redirect("/incidents/" + id + "?notice=" + Html.url(o.message()));
    }

    private void listPage(Exchange x) {
        boolean openOnly = openOnly(x);
        List<Incident> list = web.containment.incidents(openOnly);
        StringBuilder b = new StringBuilder("<h1>Incidents</h1>");
        notice(b, x);
        b.append("<p class=\"filter\">").append(openOnly ? "<strong>Open</strong> · <a href=\"/incidents?status=all\" "
                + "id=\"show-all\">All</a>" : "<a href=\"/incidents\" id=\"show-open\">Open</a> · <strong>All</strong>")
                .append("</p><p class=\"count\" id=\"count\">").append(list.size())
                .append(list.size() == 1 ? " incident" : " incidents").append("</p>");
        b.append("<div class=\"scroll\"><table class=\"grid\" id=\"incidents\"><thead><tr><th>id</th><th>state</th>"
                + "<th>source</th><th>reason</th><th class=\"opt\">opened</th><th>last</th><th>messages</th><th>held</th>"
                + "</tr></thead><tbody>");
        for (Incident i : list) {
            b.append("<tr id=\"incident-").append(i.id()).append("\"><td><a href=\"/incidents/").append(i.id()).append("\">#")
                    .append(i.id()).append("</a></td><td class=\"").append(i.open() ? "bad\">open" : "ok\">resolved")
                    .append("</td><td><code>").append(Html.esc(i.source())).append("</code></td><td>")
                    .append(Html.esc(i.reason())).append("</td><td class=\"opt\">").append(Html.esc(Html.time(i.opened())))
                    .append("</td><td>").append(Html.esc(Html.time(i.last()))).append("</td><td>").append(i.messages())
                    .append("</td><td>").append(i.held()).append("</td></tr>");
        }
        b.append("</tbody></table></div>");
        x.html(200, Layout.page(x, Nav.INCIDENTS, "Incidents", b.toString()));
    }

    private static void notice(StringBuilder b, Exchange x) {
        if (x.param("notice") != null) {
            b.append("<p class=\"notice\" id=\"notice\" role=\"status\">").append(Html.esc(x.param("notice"))).append("</p>");
        }
    }

    private void showJson(Exchange x) {
        long id = id(x.tail());
        Optional<Incident> i = web.containment.incident(id);
        if (i.isEmpty()) {
            x.json(404, Map.of("error", "no such incident"));
            return;
        }
        Map<String, Object> body = view(i.get());
        body.put("sample", i.get().sample());
        body.put("held_queue_ids", web.containment.heldQueueIds(id));
        Timeline t = timeline(i.get());
        List<Map<String, Object>> points = new ArrayList<>();
        for (int k = 0; k < t.starts.size(); k++) {
            points.add(Map.of("start", t.starts.get(k).toString(), "messages", t.counts.get(k)));
        }
        body.put("timeline_bucket_seconds", t.bucket.toSeconds());
        body.put("timeline", points);
        x.json(200, body);
    }

    private void showPage(Exchange x) {
        long id = id(x.tail());
        Optional<Incident> found = web.containment.incident(id);
        if (found.isEmpty()) {
            x.html(404, Layout.page(x, Nav.INCIDENTS, "Not found", "<h1>No such incident</h1>"));
            return;
        }
        Incident i = found.get();
        int held = web.containment.heldQueueIds(id).size();
        StringBuilder b = new StringBuilder("<h1>Incident #").append(i.id()).append("</h1>");
        notice(b, x);
        b.append("<dl class=\"facts\">");
        fact(b, "State", i.open() ? "open" : "resolved by " + i.resolvedBy() + " at " + Html.time(i.resolved()));
        fact(b, "Source", i.source());
        fact(b, "Reason", i.reason());
        fact(b, "Opened", Html.time(i.opened()));
        fact(b, "Last message", Html.time(i.last()));
        fact(b, "Messages", i.messages() + " (" + i.initialCount() + " when it opened)");
        fact(b, "Recipients", String.valueOf(i.recipients()));
        fact(b, "Held in the MTA's queue", held + " still held (" + i.held() + " held in all)");
        fact(b, "Top recipient domains", i.topDomains());
        fact(b, "Subject", i.subject());
        b.append("</dl><div class=\"actions\">");
        for (String op : OPS) {
            if (op.equals("unfreeze") ? i.open() : held > 0) {
                b.append("<form method=\"post\" action=\"/incidents/confirm\" class=\"inline\">")
                        .append(Html.csrfField(x.session())).append("<input type=\"hidden\" name=\"id\" value=\"")
                        .append(i.id()).append("\"><button type=\"submit\" name=\"op\" value=\"").append(op)
                        .append("\" id=\"").append(op).append("\"").append(op.equals("purge") ? " class=\"danger\"" : "")
                        .append('>').append(label(op)).append("…</button></form>");
            }
        }
        b.append("</div><h2>Timeline</h2>");
        Timeline t = timeline(i);
        Map<Instant, Map<String, Long>> counts = new HashMap<>();
        for (int k = 0; k < t.starts.size(); k++) {
            counts.put(t.starts.get(k), Map.of("messages", t.counts.get(k)));
        }
        b.append(BarChart.svg("Messages of " + i.source() + " per " + t.bucket.toMinutes() + " min, around the incident",
                t.starts, List.of("messages"), s -> "src-1", counts));
        b.append("<h2>Sample headers</h2><pre class=\"headers\" id=\"sample\">").append(Html.esc(i.sample()))
                .append("</pre>");
        x.html(200, Layout.page(x, Nav.INCIDENTS, "Incident " + i.id(), b.toString()));
    }

    /** The source's messages per bucket, from ten minutes before the incident to its last message. */
    private record Timeline(Duration bucket, List<Instant> starts, List<Long> counts) {}

    private Timeline timeline(Incident i) {
        Instant from = i.opened().minus(Duration.ofMinutes(10));
        Instant until = (i.last() == null || i.last().isBefore(i.opened()) ? i.opened() : i.last()).plus(Duration.ofMinutes(2));
        long minutes = Math.max(1, (Duration.between(from, until).toMinutes() + TIMELINE_BARS - 1) / TIMELINE_BARS);
        Duration bucket = Duration.ofMinutes(minutes);
        long b = bucket.toMillis();
        Instant first = Instant.ofEpochMilli(from.toEpochMilli() / b * b);
        Map<Instant, Long> per = new HashMap<>();
        for (SourceCount c : web.store.ledger().countPerSource(first, until, bucket, i.source())) {
            per.merge(c.start(), c.count(), Long::sum);
        }
        List<Instant> starts = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Instant t = first; t.isBefore(until); t = t.plus(bucket)) {
            starts.add(t);
            counts.add(per.getOrDefault(t, 0L));
        }
        return new Timeline(bucket, starts, counts);
    }

    private static String label(String op) {
        return switch (op) {
            case "purge" -> "Purge held mail";
            case "release" -> "Release held mail";
            default -> "Unfreeze source";
        };
    }

    /** Shows what would happen and asks again; the real action is the form on this page. */
    private void confirmPage(Exchange x) {
        String op = OPS.contains(x.param("op")) ? x.param("op") : "unfreeze";
        long id = id(x.param("id"));
        Optional<Incident> i = web.containment.incident(id);
        if (i.isEmpty()) {
            x.redirect("/incidents?notice=" + Html.url("No incident " + id + "."));
            return;
        }
        int held = web.containment.heldQueueIds(id).size();
        StringBuilder b = new StringBuilder("<h1>").append(label(op)).append(" of incident #").append(id).append("?</h1><p>");
        b.append(switch (op) {
            case "purge" -> "The " + held + " held message(s) of <code>" + Html.esc(i.get().source())
                    + "</code> are deleted from the MTA's queue for good.";
            case "release" -> "The " + held + " held message(s) of <code>" + Html.esc(i.get().source())
                    + "</code> are sent on to their recipients.";
            default -> "The incident is resolved and <code>" + Html.esc(i.get().source())
                    + "</code> may send again; its held mail stays held.";
        });
        b.append("</p><form method=\"post\" action=\"/incidents/").append(op).append("\">").append(Html.csrfField(x.session()))
                .append("<input type=\"hidden\" name=\"id\" value=\"").append(id).append("\">")
                .append("<div class=\"actions\"><button type=\"submit\" id=\"confirm\"")
                .append(op.equals("purge") ? " class=\"danger\"" : "").append(">Yes, ").append(op).append("</button>")
                .append("<a href=\"/incidents/").append(id).append("\" id=\"cancel\">Cancel</a></div></form>");
        x.html(200, Layout.page(x, Nav.INCIDENTS, "Confirm", b.toString()));
    }

    private static void fact(StringBuilder b, String name, String value) {
        b.append("<dt>").append(name).append("</dt><dd>").append(Html.esc(value)).append("</dd>");
    }
}
