package dev.backstop.web;

import dev.backstop.store.HourlyCount;
import dev.backstop.store.QuarantineStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The overview: bounces per hour by verdict, the quarantine's size, listener and store health, recent events. */
final class OverviewFeature implements Feature {
    private final WebContext web;

    OverviewFeature(WebContext web) {
        this.web = web;
    }

    @Override
    public Nav nav() {
        return Nav.OVERVIEW;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.page("/", this::page), Route.page("/api/overview", x -> x.json(200, data())));
    }

    /** The overview's numbers, for the page and the API alike. */
    Map<String, Object> data() {
        Instant now = web.clock.instant();
        // one window of hours for both charts: the outbound one's, counted from the ledger
        OutboundHours out = OutboundHours.last24h(web.store, now);
        Instant first = out.hours.get(0);
        Map<Instant, Map<String, Long>> per = new HashMap<>();
        for (HourlyCount h : web.store.events().countPerHour(first, now.plusSeconds(1))) {
            if (h.type().startsWith("verdict.")) {
                per.computeIfAbsent(h.hour(), k -> new HashMap<>())
                        .merge(h.type().substring("verdict.".length()), h.count(), Long::sum);
            }
        }
        List<Map<String, Object>> hours = new ArrayList<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        WebMetrics.VERDICTS.forEach(v -> totals.put(v, 0L));
        for (Instant h : out.hours) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("hour", h.toString());
            for (String v : WebMetrics.VERDICTS) {
                long n = per.getOrDefault(h, Map.of()).getOrDefault(v, 0L);
                row.put(v, n);
                totals.merge(v, n, Long::sum);
            }
            hours.add(row);
        }
        Map<String, Object> store = new LinkedHashMap<>();
        try {
            store.put("schema_version", web.store.schemaVersion());
            store.put("ok", true);
        } catch (RuntimeException e) {
            web.metrics.storeError();
            store.put("ok", false);
            store.put("error", e.getMessage());
        }
        List<Map<String, Object>> listeners = new ArrayList<>();
        for (ListenerStatus l : web.listeners.get()) {
            listeners.add(Map.of("name", l.name(), "endpoint", l.endpoint(), "up", l.up(), "active_connections", l.active()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", now.toString());
        m.put("bounces_per_hour", hours);
        m.put("bounces_24h", totals);
        m.put("quarantine_held", web.store.quarantine().count(QuarantineStatus.HELD));
        m.put("open_incidents", web.containment == null ? 0 : web.containment.incidents(true).size());
        m.put("listeners", listeners);
        m.put("store", store);
        List<String> top = out.top(OutboundHours.TOP_SOURCES);
        List<Map<String, Object>> outbound = new ArrayList<>();
        out.stacked(top).forEach((h, row) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("hour", h.toString());
            r.put("sources", row);
            outbound.add(r);
        });
        m.put("outbound_top_sources", top);
        m.put("outbound_per_hour", outbound);
        m.put("recent_events", web.store.events().recent(null, 15).stream().map(Views::event).toList());
        return m;
    }

    @SuppressWarnings("unchecked")
    private void page(Exchange x) {
        Map<String, Object> d = data();
        List<Instant> hours = new ArrayList<>();
        Map<Instant, Map<String, Long>> counts = new HashMap<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) d.get("bounces_per_hour")) {
            Instant h = Instant.parse((String) row.get("hour"));
            hours.add(h);
            Map<String, Long> c = new HashMap<>();
            WebMetrics.VERDICTS.forEach(v -> c.put(v, (Long) row.get(v)));
            counts.put(h, c);
        }
        Map<String, Long> totals = (Map<String, Long>) d.get("bounces_24h");
        StringBuilder b = new StringBuilder("<h1>Overview</h1><section class=\"cards\">");
        for (String v : WebMetrics.VERDICTS) {
            b.append("<div class=\"card\"><span class=\"num s-text-").append(v).append("\" id=\"total-").append(v)
                    .append("\">").append(totals.get(v)).append("</span><span>").append(v).append(" bounces, 24 h</span></div>");
        }
        b.append("<div class=\"card\"><a class=\"num\" id=\"held\" href=\"/quarantine\">").append(d.get("quarantine_held"))
                .append("</a><span>held in quarantine</span></div>");
        b.append("<div class=\"card\">").append(web.containment == null ? "<span class=\"num\" id=\"open-incidents\">"
                : "<a class=\"num\" id=\"open-incidents\" href=\"/incidents\">").append(d.get("open_incidents"))
                .append(web.containment == null ? "</span>" : "</a>").append("<span>open incidents</span></div></section>");
        b.append("<section><h2>Inbound bounces per hour</h2>")
                .append(BarChart.svg("Inbound bounces per hour by verdict, last 24 hours", hours, WebMetrics.VERDICTS, counts))
                .append("</section>");
        List<String> top = new ArrayList<>((List<String>) d.get("outbound_top_sources"));
        Map<Instant, Map<String, Long>> outCounts = new HashMap<>();
        boolean others = false;
        for (Map<String, Object> row : (List<Map<String, Object>>) d.get("outbound_per_hour")) {
            Map<String, Long> c = (Map<String, Long>) row.get("sources");
            others |= c.containsKey(OutboundHours.OTHER);
            outCounts.put(Instant.parse((String) row.get("hour")), c);
        }
        if (others) {
            top.add(OutboundHours.OTHER);
        }
        b.append("<section><h2>Outbound messages per hour, busiest sources</h2>");
        if (top.isEmpty()) {
            b.append("<p id=\"outbound-none\">No outbound mail in the last 24 hours.</p>");
        } else {
            List<String> series = List.copyOf(top);
            b.append(BarChart.svg("Outbound messages per hour for the busiest sources, last 24 hours", hours, series,
                    s -> s.equals(OutboundHours.OTHER) ? "src-other" : "src-" + series.indexOf(s), outCounts));
        }
        b.append("</section>");
        b.append("<section><h2>Health</h2><table class=\"grid\"><thead><tr><th>part</th><th>where</th><th>state</th>"
                + "<th>active</th></tr></thead><tbody>");
        for (Map<String, Object> l : (List<Map<String, Object>>) d.get("listeners")) {
            boolean up = (Boolean) l.get("up");
            b.append("<tr><td>").append(Html.esc(l.get("name"))).append("</td><td><code>").append(Html.esc(l.get("endpoint")))
                    .append("</code></td><td class=\"").append(up ? "ok" : "bad").append("\">").append(up ? "listening" : "down")
                    .append("</td><td>").append(l.get("active_connections")).append("</td></tr>");
        }
        Map<String, Object> st = (Map<String, Object>) d.get("store");
        boolean ok = (Boolean) st.get("ok");
        b.append("<tr><td>store</td><td>SQLite, schema v").append(Html.esc(st.get("schema_version"))).append("</td><td class=\"")
                .append(ok ? "ok\">ok" : "bad\">" + Html.esc(st.get("error"))).append("</td><td></td></tr></tbody></table></section>");
        b.append("<section><h2>Recent events</h2><table class=\"grid\"><thead><tr><th>time</th><th>type</th><th>summary</th>"
                + "</tr></thead><tbody>");
        for (Map<String, Object> e : (List<Map<String, Object>>) d.get("recent_events")) {
            b.append("<tr><td>").append(Html.esc(Html.time(Instant.parse((String) e.get("time"))))).append("</td><td>")
                    .append(Html.esc(e.get("type"))).append("</td><td>").append(Html.esc(e.get("summary"))).append("</td></tr>");
        }
        b.append("</tbody></table></section>");
        x.html(200, Layout.page(x, Nav.OVERVIEW, "Overview", b.toString()));
    }
}
