package dev.backstop.web;

import dev.backstop.outbound.Source;
import dev.backstop.outbound.SourceStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound sources as containment counts them: a table sortable by a query parameter (no script), and freeze /
 * unfreeze / allow, each confirmed in the browser and audited by {@link dev.backstop.outbound.Containment}.
 */
final class SourceFeature implements Feature {
    static final List<String> OPS = List.of("freeze", "unfreeze", "allow");
    static final Map<String, Comparator<SourceStats>> SORTS = Map.of(
            "messages", Comparator.comparingLong(SourceStats::messages1h).reversed(),
            "bounced", Comparator.comparingLong(SourceStats::bounced1h).reversed(),
            "last", Comparator.comparing(SourceStats::lastSeen, Comparator.nullsLast(Comparator.reverseOrder())));
    private final WebContext web;

    SourceFeature(WebContext web) {
        this.web = web;
    }

    @Override
    public Nav nav() {
        return Nav.SOURCES;
    }

    @Override
    public List<Route> routes() {
        List<Route> r = new ArrayList<>(List.of(
                Route.page("/sources", this::listPage),
                Route.action("/sources/confirm", this::confirmPage),
                Route.page("/api/sources", this::api)));
        for (String op : OPS) {
            r.add(Route.action("/sources/" + op, x -> act(x, op)));
            r.add(Route.action("/api/sources/" + op, x -> act(x, op)));
        }
        return r;
    }

    private static String sort(Exchange x) {
        String s = Optional.ofNullable(x.param("sort")).orElse("messages");
        if (!SORTS.containsKey(s)) {
            throw new Exchange.BadRequest("sort: messages, bounced or last");
        }
        return s;
    }

    private List<SourceStats> sorted(Exchange x) {
        List<SourceStats> all = new ArrayList<>(web.containment.sources());
        all.sort(SORTS.get(sort(x)).thenComparing(SourceStats::source));
        return all;
    }

    private void api(Exchange x) {
        OutboundHours hours = OutboundHours.last24h(web.store, web.clock.instant());
        List<Map<String, Object>> out = new ArrayList<>();
        for (SourceStats s : sorted(x)) {
            Map<String, Object> v = view(s);
            v.put("messages_per_hour_24h", hours.of(s.source()));
            out.add(v);
        }
        x.json(200, Map.of("sources", out, "hours_from", hours.hours.get(0).toString()));
    }

    static Source source(Exchange x) {
        String s = x.param("source");
        if (s == null) {
            throw new Exchange.BadRequest("no source given (source=...)");
        }
        try {
            return Source.parse(s);
        } catch (IllegalArgumentException e) {
            throw new Exchange.BadRequest("not a source: " + e.getMessage());
        }
    }

    static Map<String, Object> view(SourceStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", s.source());
        m.put("first_seen", s.firstSeen() == null ? null : s.firstSeen().toString());
        m.put("last_seen", s.lastSeen() == null ? null : s.lastSeen().toString());
        m.put("messages_1m", s.messages1m());
        m.put("messages_10m", s.messages10m());
        m.put("messages_1h", s.messages1h());
        m.put("recipients_1h", s.recipients1h());
        m.put("distinct_domains_1h", s.distinctDomains1h());
        m.put("sent_1h", s.sent1h());
        m.put("deferred_1h", s.deferred1h());
        m.put("bounced_1h", s.bounced1h());
        m.put("frozen", s.frozen());
        m.put("allowed", s.allowed());
        return m;
    }

    private void act(Exchange x, String op) {
        Source s = source(x);
        String actor = x.session().actor();
        switch (op) {
            case "freeze" -> web.containment.freeze(s, actor);
            case "unfreeze" -> web.containment.unfreeze(s, actor);
            default -> web.containment.allow(s, actor);
        }
        String done = s + (op.equals("freeze") ? " frozen" : op.equals("unfreeze") ? " unfrozen" : " allow-listed");
        if (x.path().startsWith("/api/")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("action", op);
            body.put("source", s.toString());
            body.put("ok", true);
            body.put("message", done);
            x.json(200, body);
            return;
        }
        x.redirect("/sources?notice=" + Html.url(done));
    }

    private void listPage(Exchange x) {
        String sort = sort(x);
        List<SourceStats> list = sorted(x);
        OutboundHours hours = OutboundHours.last24h(web.store, web.clock.instant());
        StringBuilder b = new StringBuilder("<h1>Sources</h1>");
        if (x.param("notice") != null) {
            b.append("<p class=\"notice\" id=\"notice\" role=\"status\">").append(Html.esc(x.param("notice"))).append("</p>");
        }
        b.append("<p class=\"count\" id=\"count\">").append(list.size()).append(list.size() == 1 ? " source" : " sources")
                .append("</p><div class=\"scroll\"><table class=\"grid\" id=\"sources\"><thead><tr><th>source</th>")
                .append(header("messages", "messages 1 h", sort)).append("<th class=\"opt\">24 h</th>")
                .append("<th class=\"opt\">recipients 1 h</th>")
                .append(header("bounced", "bounced 1 h", sort)).append(header("last", "last seen", sort))
                .append("<th>state</th><th>act</th></tr></thead><tbody>");
        int row = 0;
        for (SourceStats s : list) {
            row++;
            b.append("<tr id=\"source-").append(row).append("\"><td><code>").append(Html.esc(s.source()))
                    .append("</code></td><td>").append(s.messages1h()).append("</td><td class=\"opt\">")
                    .append(Sparkline.svg("messages per hour of " + s.source(), hours.of(s.source())))
                    .append("</td><td class=\"opt\">").append(s.recipients1h()).append("</td><td>").append(s.bounced1h()).append("</td><td>")
                    .append(Html.esc(Html.time(s.lastSeen()))).append("</td><td class=\"")
                    .append(s.frozen() ? "bad\">frozen" : s.allowed() ? "ok\">allowed" : "\">counted").append("</td><td>")
                    .append("<form method=\"post\" action=\"/sources/confirm\" class=\"inline\">")
                    .append(Html.csrfField(x.session())).append("<input type=\"hidden\" name=\"source\" value=\"")
                    .append(Html.esc(s.source())).append("\">");
            for (String op : OPS) {
                boolean useful = switch (op) {
                    case "freeze" -> !s.frozen();
                    case "unfreeze" -> s.frozen();
                    default -> !s.allowed();
                };
                if (useful) {
                    b.append("<button type=\"submit\" name=\"op\" value=\"").append(op).append("\" id=\"").append(op)
                            .append('-').append(row).append("\"").append(op.equals("freeze") ? " class=\"danger\"" : "")
                            .append('>').append(op).append("…</button>");
                }
            }
            b.append("</form></td></tr>");
        }
        b.append("</tbody></table></div>");
        x.html(200, Layout.page(x, Nav.SOURCES, "Sources", b.toString()));
    }

    private static String header(String key, String label, String current) {
        return key.equals(current) ? "<th aria-sort=\"descending\">" + label + " ▼</th>"
                : "<th><a href=\"/sources?sort=" + key + "\" id=\"sort-" + key + "\">" + label + "</a></th>";
    }

    private void confirmPage(Exchange x) {
        String op = OPS.contains(x.param("op")) ? x.param("op") : "freeze";
        Source s = source(x);
        String what = switch (op) {
            case "freeze" -> "Its new mail is held in the MTA's queue under an incident opened now.";
            case "unfreeze" -> "Its open incident is resolved and it may send again; held mail stays held.";
            default -> "It is never contained again (still counted), and unfrozen if frozen.";
        };
        String b = "<h1>" + op.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + op.substring(1) + " <code>"
                + Html.esc(s.toString()) + "</code>?</h1><p>" + what + "</p><form method=\"post\" action=\"/sources/"
                + op + "\">" + Html.csrfField(x.session()) + "<input type=\"hidden\" name=\"source\" value=\""
                + Html.esc(s.toString()) + "\"><div class=\"actions\"><button type=\"submit\" id=\"confirm\""
                + (op.equals("freeze") ? " class=\"danger\"" : "") + ">Yes, " + op + "</button><a href=\"/sources\" "
                + "id=\"cancel\">Cancel</a></div></form>";
        x.html(200, Layout.page(x, Nav.SOURCES, "Confirm", b));
    }
}
