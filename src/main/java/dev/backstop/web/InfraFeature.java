package dev.backstop.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The stylesheet from the jar, and {@code /metrics}: open to loopback clients (the Prometheus agent on the same
 * host), and to anyone else only with a logged-in session.
 */
final class InfraFeature implements Feature {
    private final WebContext web;
    private final byte[] css;

    InfraFeature(WebContext web) {
        this.web = web;
        try (InputStream in = InfraFeature.class.getResourceAsStream("static/app.css")) {
            if (in == null) {
                throw new IllegalStateException("dev/backstop/web/static/app.css missing from the jar");
            }
            css = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Nav nav() {
        return null;
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route("GET", "/static/app.css", Access.PUBLIC, x -> {
            x.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=3600");
            x.send(200, "text/css; charset=utf-8", css);
        }), new Route("GET", "/metrics", Access.PUBLIC, this::metrics));
    }

    private void metrics(Exchange x) {
        if (!x.fromLoopback() && web.sessions.find(WebHandler.cookie(x.request, WebHandler.SESSION_COOKIE)).isEmpty()) {
            x.text(403, "metrics are served to loopback clients and logged-in admins only");
            return;
        }
        x.send(200, "text/plain; version=0.0.4; charset=utf-8",
                web.metrics.scrape(web.listeners.get()).getBytes(StandardCharsets.UTF_8));
    }
}
