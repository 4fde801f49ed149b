package dev.backstop.web;

import dev.backstop.store.AuditEntry;
import java.util.List;
import java.util.Map;

/** Who did what, and when: every login, logout, release and delete, from the web and the command line. */
final class AuditFeature implements Feature {
    static final int LIMIT = 200;
    private final WebContext web;

    AuditFeature(WebContext web) {
        this.web = web;
    }

    @Override
    public Nav nav() {
        return Nav.AUDIT;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.page("/audit", this::page), Route.page("/api/audit", x -> x.json(200,
                Map.of("entries", web.store.audit().recent(LIMIT).stream().map(Views::audit).toList()))));
    }

    private void page(Exchange x) {
        StringBuilder b = new StringBuilder("<h1>Audit log</h1><div class=\"scroll\"><table class=\"grid\" id=\"audit\">"
                + "<thead><tr><th>time</th><th>who</th><th>action</th><th>target</th></tr></thead><tbody>");
        for (AuditEntry a : web.store.audit().recent(LIMIT)) {
            b.append("<tr><td>").append(Html.esc(Html.time(a.time()))).append("</td><td>").append(Html.esc(a.actor()))
                    .append("</td><td>").append(Html.esc(a.action())).append("</td><td>").append(Html.esc(a.target()))
                    .append("</td></tr>");
        }
        b.append("</tbody></table></div>");
        x.html(200, Layout.page(x, Nav.AUDIT, "Audit log", b.toString()));
    }
}
