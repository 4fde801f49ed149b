package dev.backstop.web;

import java.util.List;
import java.util.Map;

/** The effective configuration, read-only, secrets masked by the configuration itself. */
final class SettingsFeature implements Feature {
    private final WebContext web;

    SettingsFeature(WebContext web) {
        this.web = web;
    }

    @Override
    public Nav nav() {
        return Nav.SETTINGS;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.page("/settings", this::page), Route.page("/api/settings", x -> x.json(200, web.settings)));
    }

    private void page(Exchange x) {
        StringBuilder b = new StringBuilder("<h1>Settings</h1><p>The effective configuration (read-only; secrets are "
                + "masked). Change <code>backstop.yml</code> and restart the daemon to change it.</p>"
                + "<div class=\"scroll\"><table class=\"grid\" id=\"settings\"><thead><tr><th>key</th><th>value</th></tr>"
                + "</thead><tbody>");
        rows(b, "", web.settings);
        b.append("</tbody></table></div>");
        x.html(200, Layout.page(x, Nav.SETTINGS, "Settings", b.toString()));
    }

    private static void rows(StringBuilder b, String prefix, Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m && !m.isEmpty()) {
                rows(b, key + ".", m);
            } else {
                Object v = e.getValue();
                String shown = v == null ? "(not set)" : v instanceof Map<?, ?> ? "(none)" : v.toString();
                b.append("<tr><td><code>").append(Html.esc(key)).append("</code></td><td>").append(Html.esc(shown))
                        .append("</td></tr>");
            }
        }
    }
}
