package dev.backstop.web;

/**
 * The page shell: head, navigation, log-out button and main content. No scripts: pages work without
 * JavaScript, and the Content-Security-Policy forbids it.
 */
final class Layout {
    private Layout() {
    }

    static String page(Exchange x, Nav current, String title, String main) {
        StringBuilder b = new StringBuilder(main.length() + 2048);
        head(b, title);
        b.append("<header><a class=\"brand\" href=\"/\">Backstop</a><nav aria-label=\"main\"><ul>");
        for (Nav n : Nav.values()) {
            if (x.web.navs.contains(n)) {
                b.append("<li><a href=\"").append(n.path).append('"')
                        .append(n == current ? " aria-current=\"page\"" : "").append('>')
                        .append(Html.esc(n.title)).append("</a></li>");
            } else {
                b.append("<li><span class=\"soon\" title=\"arrives with outbound containment\">")
                        .append(Html.esc(n.title)).append("</span></li>");
            }
        }
        b.append("</ul></nav>");
        Session s = x.session();
        if (s != null) {
            b.append("<form class=\"logout\" method=\"post\" action=\"/logout\">").append(Html.csrfField(s))
                    .append("<span class=\"who\">").append(Html.esc(s.actor())).append("</span>")
                    .append("<button type=\"submit\" id=\"logout\">Log out</button></form>");
        }
        b.append("</header><main>").append(main).append("</main></body></html>");
        return b.toString();
    }

    /** A page without navigation (login). */
    static String bare(String title, String main) {
        StringBuilder b = new StringBuilder();
        head(b, title);
        b.append("<main class=\"narrow\">").append(main).append("</main></body></html>");
        return b.toString();
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.esc(title)).append(" · Backstop</title>")
                // an empty icon: no /favicon.ico request, so no 404 in the browser console
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<link rel=\"stylesheet\" href=\"/static/app.css\"></head><body>");
    }
}
