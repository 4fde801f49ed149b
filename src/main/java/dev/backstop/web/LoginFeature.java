package dev.backstop.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Response;

/**
 * Log in and out, in a browser (form, then a session cookie) or from a script (JSON, then the same cookie and the
 * CSRF token in the answer). Every login, failed login and logout is audited.
 */
final class LoginFeature implements Feature {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("backstop.web");
    /** Ties the login form to the browser that fetched it (login CSRF): a cookie and a form field must match. */
    static final String LOGIN_COOKIE = "backstop_login";
    static final String USER = "admin";

    private final WebContext web;

    LoginFeature(WebContext web) {
        this.web = web;
    }

    @Override
    public Nav nav() {
        return null;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route("GET", "/login", Access.PUBLIC, this::form),
                new Route("POST", "/login", Access.PUBLIC, this::formLogin),
                new Route("POST", "/api/login", Access.PUBLIC, this::apiLogin),
                Route.action("/logout", this::logout),
                Route.action("/api/logout", this::logout),
                Route.page("/api/session", x -> x.json(200, Map.of("actor", x.session().actor(),
                        "csrf", x.session().csrf(), "csrf_header", Csrf.HEADER))));
    }

    private void form(Exchange x) {
        if (web.sessions.find(WebHandler.cookie(x.request, WebHandler.SESSION_COOKIE)).isPresent()) {
            x.redirect(safeNext(x.param("next")));
            return;
        }
        StringBuilder b = new StringBuilder("<h1>Backstop</h1>");
        if (!web.password.isSet()) {
            b.append("<p class=\"error\" id=\"no-password\">No admin password is set, so nobody can log in. "
                    + "On the server, run <code>backstop passwd</code> (with the same <code>--config</code> as the "
                    + "daemon) to set one.</p>");
            x.html(200, Layout.bare("Log in", b.toString()));
            return;
        }
        String error = x.param("error");
        if ("wrong".equals(error)) {
            b.append("<p class=\"error\" id=\"login-error\">Wrong password.</p>");
        } else if ("wait".equals(error)) {
            b.append("<p class=\"error\" id=\"login-error\">Too many attempts; wait a little and try again.</p>");
        } else if ("expired".equals(error)) {
            b.append("<p class=\"error\" id=\"login-error\">The login form expired; try again.</p>");
        }
        String token = web.tokens.next();
        Response.addCookie(x.response, cookie(x, LOGIN_COOKIE, token, -1));
        b.append("<form method=\"post\" action=\"/login\" class=\"login\">")
                .append("<input type=\"hidden\" name=\"").append(Csrf.FIELD).append("\" value=\"").append(token).append("\">")
                .append("<input type=\"hidden\" name=\"next\" value=\"").append(Html.esc(safeNext(x.param("next"))))
                .append("\"><label for=\"password\">Admin password</label>")
                .append("<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" "
                        + "required autofocus><button type=\"submit\" id=\"login\">Log in</button></form>");
        x.html(200, Layout.bare("Log in", b.toString()));
    }

    private void formLogin(Exchange x) {
        String next = safeNext(x.param("next"));
        if (!Csrf.matches(WebHandler.cookie(x.request, LOGIN_COOKIE), x.param(Csrf.FIELD))) {
            x.redirect("/login?error=expired&next=" + Html.url(next));
            return;
        }
        Optional<Session> s;
        try {
            s = attempt(x, x.param("password"));
        } catch (Refused r) {
            x.redirect(r.status == 429 ? "/login?error=wait&next=" + Html.url(next) : "/login");
            return;
        }
        if (s.isEmpty()) {
            x.redirect("/login?error=wrong&next=" + Html.url(next));
            return;
        }
        Response.addCookie(x.response, cookie(x, LOGIN_COOKIE, "", 0));
        x.redirect(next);
    }

    /**
     * JSON only: a form on another site cannot send {@code application/json} without the browser asking first
     * (CORS), which this server never allows.
     */
    private void apiLogin(Exchange x) {
        if (!x.isJson()) {
            x.json(415, Map.of("error", "send {\"password\": \"...\"} as application/json"));
            return;
        }
        Optional<Session> s;
        try {
            s = attempt(x, x.param("password"));
        } catch (Refused r) {
            if (r.retryAfter != null) {
                x.response.getHeaders().put("Retry-After", Long.toString(Math.max(1, r.retryAfter.toSeconds())));
            }
            x.json(r.status, Map.of("error", r.getMessage()));
            return;
        }
        if (s.isEmpty()) {
            x.json(401, Map.of("error", "wrong password"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("actor", s.get().actor());
        body.put("csrf", s.get().csrf());
        body.put("csrf_header", Csrf.HEADER);
        x.json(200, body);
    }

    /** Checks throttle and password; on success the session cookie is set on the response. */
    private Optional<Session> attempt(Exchange x, String password) throws Refused {
        String ip = x.remote();
        if (!web.password.isSet()) {
            throw new Refused(503, "no admin password is set: run 'backstop passwd' on the server", null);
        }
        Optional<Duration> wait = web.throttle.waitFor(ip);
        if (wait.isPresent()) {
            log.warn("web: login from {} refused for {} s: too many failures", ip, Math.max(1, wait.get().toSeconds()));
            throw new Refused(429, "too many failed logins; retry in " + Math.max(1, wait.get().toSeconds()) + " s",
                    wait.get());
        }
        String actor = "web:" + USER + "@" + ip;
        if (password == null || !web.password.verify(password.toCharArray())) {
            web.throttle.failed(ip);
            log.warn("web: failed login from {}", ip);
            web.store.audit().record(actor, "login.failed", "");
            return Optional.empty();
        }
        web.throttle.succeeded(ip);
        // A new session id on every login: an id planted before login is never promoted.
        web.sessions.end(WebHandler.cookie(x.request, WebHandler.SESSION_COOKIE));
        Session s = web.sessions.create(actor);
        web.store.audit().record(actor, "login", "");
        log.info("web: {} logged in", actor);
        Response.addCookie(x.response, cookie(x, WebHandler.SESSION_COOKIE, s.id(), -1));
        return Optional.of(s);
    }

    private void logout(Exchange x) {
        web.sessions.end(x.session().id());
        web.store.audit().record(x.session().actor(), "logout", "");
        Response.addCookie(x.response, cookie(x, WebHandler.SESSION_COOKIE, "", 0));
        if (x.path().startsWith("/api/")) {
            x.json(200, Map.of("ok", true));
        } else {
            x.redirect("/login");
        }
    }

    /** HttpOnly, SameSite=Strict, and Secure on TLS or when configured. */
    HttpCookie cookie(Exchange x, String name, String value, long maxAge) {
        boolean secure = web.secureCookies || x.request.isSecure()
                || (x.fromLoopback() && "https".equalsIgnoreCase(x.header("X-Forwarded-Proto")));
        return HttpCookie.build(name, value).path("/").httpOnly(true).sameSite(HttpCookie.SameSite.STRICT)
                .secure(secure).maxAge(maxAge).build();
    }

    /** Only a local path: no open redirect to another site after login. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.startsWith("/login") || next.chars().anyMatch(c -> c < 0x21)) {
            return "/";
        }
        return next;
    }

    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final transient Duration retryAfter;

        Refused(int status, String message, Duration retryAfter) {
            super(message);
            this.status = status;
            this.retryAfter = retryAfter;
        }
    }
}
