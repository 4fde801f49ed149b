package dev.backstop.web;

import dev.backstop.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: finds the route, enforces its {@link Access} (session, CSRF), adds the security
 * headers, and turns failures into status codes. Routes never check access themselves.
 */
final class WebHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger("backstop.web");
    static final String SESSION_COOKIE = "backstop_session";
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private final WebContext web;
    private final List<Route> routes;

    WebHandler(WebContext web, List<Route> routes) {
        this.web = web;
        this.routes = List.copyOf(routes);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange x = new Exchange(web, request, response, callback);
        var h = response.getHeaders();
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        try {
            dispatch(x);
        } catch (Exchange.BadRequest e) {
            answerIfOpen(x, 400, e.getMessage());
        } catch (StoreException e) {
            web.metrics.storeError();
            log.warn("web: {} {}: store error: {}", request.getMethod(), x.path(), e.getMessage());
            answerIfOpen(x, 500, "storage error");
        } catch (Exception e) {
            log.warn("web: {} {} failed: {}", request.getMethod(), x.path(), e.toString(), e);
            answerIfOpen(x, 500, "internal error");
        }
        if (!x.answered()) {
            answerIfOpen(x, 500, "no answer");
        }
        return true;
    }

    private void dispatch(Exchange x) throws Exception {
        String path = x.path();
        String method = x.request.getMethod();
        Route route = null;
        boolean pathKnown = false;
        for (Route r : routes) {
            String tail = r.match(path);
            if (tail != null) {
                pathKnown = true;
                if (r.method().equals(method)) {
                    route = r;
                    x.tail(tail);
                    break;
                }
            }
        }
        if (route == null) {
            if (pathKnown) {
                x.response.getHeaders().put(HttpHeader.ALLOW, allowed(path));
                refuse(x, 405, "method not allowed");
            } else {
                refuse(x, 404, "not found");
            }
            return;
        }
        if (route.access() != Access.PUBLIC) {
            Optional<Session> s = web.sessions.find(cookie(x.request, SESSION_COOKIE));
            if (s.isEmpty()) {
                if (route.access() == Access.PAGE) {
                    String q = x.request.getHttpURI().getQuery();
                    x.redirect("/login?next=" + Html.url(path + (q == null ? "" : "?" + q)));
                } else {
                    x.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Cookie realm=\"backstop\"");
                    refuse(x, 401, "log in first (POST /api/login)");
                }
                return;
            }
            x.session(s.get());
            if (route.access() == Access.ACTION && !csrfOk(x, s.get())) {
                log.warn("web: {} {} from {} refused: missing or wrong CSRF token", method, path, x.remote());
                refuse(x, 403, "missing or wrong CSRF token");
                return;
            }
        }
        route.endpoint().handle(x);
    }

    private static boolean csrfOk(Exchange x, Session s) {
        if (Csrf.crossSite(x.header("Sec-Fetch-Site"))) {
            return false;
        }
        String given = x.header(Csrf.HEADER);
        if (given == null) {
            given = x.param(Csrf.FIELD);
        }
        return Csrf.matches(s.csrf(), given);
    }

    private String allowed(String path) {
        StringBuilder b = new StringBuilder();
        for (Route r : routes) {
            if (r.match(path) != null && b.indexOf(r.method()) < 0) {
                b.append(b.length() == 0 ? "" : ", ").append(r.method());
            }
        }
        return b.toString();
    }

    /** API paths get JSON, the others plain text. */
    static void refuse(Exchange x, int status, String why) {
        if (x.path().startsWith("/api/")) {
            x.json(status, Map.of("error", why));
        } else {
            x.text(status, why);
        }
    }

    private static void answerIfOpen(Exchange x, int status, String why) {
        if (!x.answered()) {
            refuse(x, status, why);
        }
    }

    static String cookie(Request request, String name) {
        List<HttpCookie> cookies = Request.getCookies(request);
        if (cookies == null) {
            return null;
        }
        for (HttpCookie c : cookies) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }
}
