package dev.backstop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.store.QuarantineStatus;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The real dashboard over HTTP on 127.0.0.1: login, every route's refusal of strangers, the actions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebIT {
    WebFixture web;
    /** No cookies: a stranger. */
    final HttpClient stranger = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        web = new WebFixture(dir, true);
    }

    @AfterAll
    void stop() {
        web.close();
    }

    /** A logged-in API client: its cookie jar and CSRF token. */
    record Admin(HttpClient http, String csrf) {
    }

    Admin login() throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> r = http.send(post("/api/login", "{\"password\": \"" + WebFixture.PASSWORD + "\"}",
                "application/json"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("backstop_session=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/").doesNotContain("Secure");
        return new Admin(http, Json.MAPPER.readTree(r.body()).get("csrf").asText());
    }

    HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(web.base() + path)).timeout(Duration.ofSeconds(10)).GET().build();
    }

    HttpRequest post(String path, String body, String type) {
        return HttpRequest.newBuilder(URI.create(web.base() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    HttpRequest post(String path, String body, String type, String csrf) {
        return HttpRequest.newBuilder(URI.create(web.base() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", type).header(Csrf.HEADER, csrf).POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static HttpResponse<String> send(HttpClient c, HttpRequest r) throws Exception {
        return c.send(r, HttpResponse.BodyHandlers.ofString());
    }

    static String concrete(Route r) {
        return r.path().endsWith("/*") ? r.path().replace("*", "1") : r.path();
    }

    @Test
    void everyProtectedRouteRefusesStrangers() throws Exception {
        List<Route> routes = web.server.routes();
        assertThat(routes).extracting(Route::access).contains(Access.PAGE, Access.API, Access.ACTION);
        assertThat(routes).extracting(Route::path).contains("/incidents/purge", "/incidents/release",
                "/incidents/unfreeze", "/api/incidents/*/purge", "/api/incidents/*/release", "/api/incidents/*/unfreeze",
                "/sources/freeze", "/sources/unfreeze", "/sources/allow", "/api/sources/freeze", "/api/sources/unfreeze",
                "/api/sources/allow", "/incidents/confirm", "/sources/confirm");
        assertThat(routes).filteredOn(r -> r.path().matches("/(api/)?(incidents|sources)(/.*)?"))
                .as("no containment route is public").hasSizeGreaterThanOrEqualTo(20)
                .noneMatch(r -> r.access() == Access.PUBLIC);
        int queueCalls = web.queue.calls().size();
        List<String> audit = web.store.audit().recent(1000).stream().map(Object::toString).toList();
        int checked = 0;
        for (Route route : routes) {
            String path = concrete(route);
            switch (route.access()) {
                case PUBLIC -> {
                    continue;
                }
                case PAGE -> {
                    HttpResponse<String> r = send(stranger, get(path));
                    assertThat(r.statusCode()).as("GET " + path).isEqualTo(303);
                    assertThat(r.headers().firstValue("Location").orElseThrow()).as(path).startsWith("/login?next=");
                }
                case API -> assertThat(send(stranger, get(path)).statusCode()).as("GET " + path).isEqualTo(401);
                case ACTION -> {
                    HttpResponse<String> r = send(stranger, post(path, "id=" + web.heldThird + "&csrf=x",
                            "application/x-www-form-urlencoded"));
                    assertThat(r.statusCode()).as("POST " + path).isEqualTo(401);
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(32);
        assertThat(web.store.quarantine().get(web.heldThird).orElseThrow().item().status()).isEqualTo(QuarantineStatus.HELD);
        assertThat(web.queue.calls()).as("the MTA was never asked").hasSize(queueCalls);
        assertThat(web.store.audit().recent(1000).stream().map(Object::toString).toList()).as("nothing audited")
                .isEqualTo(audit);
    }

    @Test
    void everyActionRefusesALoggedInRequestWithoutTheRightCsrfToken() throws Exception {
        Admin admin = login();
        String form = "application/x-www-form-urlencoded";
        int checked = 0;
        int queueCalls = web.queue.calls().size();
        java.time.Instant started = java.time.Instant.now().minusMillis(1);
        for (Route route : web.server.routes()) {
            if (route.access() != Access.ACTION) {
                continue;
            }
            String path = concrete(route);
            String body = "id=" + web.heldThird + "&source=" + Html.url(WebFixture.QUIET.toString());
            assertThat(send(admin.http(), post(path, body, form)).statusCode()).as("no token: " + path).isEqualTo(403);
            assertThat(send(admin.http(), post(path, body + "&csrf=wrong", form)).statusCode()).as("wrong: " + path)
                    .isEqualTo(403);
            assertThat(send(admin.http(), post(path, body, form, "wrong")).statusCode()).as("wrong header: " + path)
                    .isEqualTo(403);
            HttpRequest crossSite = HttpRequest.newBuilder(URI.create(web.base() + path)).header("Content-Type", form)
                    .header(Csrf.HEADER, admin.csrf()).header("Sec-Fetch-Site", "cross-site")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            assertThat(send(admin.http(), crossSite).statusCode()).as("cross-site: " + path).isEqualTo(403);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(21);
        assertThat(web.store.quarantine().get(web.heldThird).orElseThrow().item().status()).isEqualTo(QuarantineStatus.HELD);
        assertThat(web.queue.calls()).as("the MTA was never asked").hasSize(queueCalls);
        assertThat(web.store.audit().recent(1000)).as("no action audited")
                .noneMatch(a -> a.actor().startsWith("web:") && (a.action().startsWith("source.")
                        || a.action().startsWith("incident.")) && a.time().isAfter(started));
        assertThat(send(admin.http(), get("/api/session")).statusCode()).as("still logged in").isEqualTo(200);
    }

    @Test
    void pagesAndApiShowTheStore() throws Exception {
        Admin admin = login();
        HttpResponse<String> overview = send(admin.http(), get("/"));
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("<svg class=\"chart\"").contains("inet:127.0.0.1:8830")
                .contains("id=\"total-backscatter\">5<").doesNotContain("<script");
        assertThat(overview.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
        assertThat(overview.headers().firstValue("X-Frame-Options")).contains("DENY");

        JsonNode o = Json.MAPPER.readTree(send(admin.http(), get("/api/overview")).body());
        assertThat(o.get("bounces_24h").get("backscatter").asLong()).isEqualTo(5);
        assertThat(o.get("bounces_24h").get("genuine").asLong()).isEqualTo(1);
        assertThat(o.get("bounces_per_hour")).hasSize(24);
        assertThat(o.get("listeners").get(0).get("active_connections").asInt()).isEqualTo(2);
        assertThat(o.get("store").get("ok").asBoolean()).isTrue();
        // outbound per hour from the ledger: erin 4 over four hours, dave 1; busiest first
        assertThat(Json.MAPPER.convertValue(o.get("outbound_top_sources"), List.class))
                .containsExactly(WebFixture.BUSY.toString(), WebFixture.QUIET.toString());
        assertThat(o.get("outbound_per_hour")).hasSize(24);
        long erin = 0;
        for (JsonNode h : o.get("outbound_per_hour")) {
            erin += h.get("sources").path(WebFixture.BUSY.toString()).asLong();
        }
        assertThat(erin).isEqualTo(4);
        assertThat(overview.body()).contains("Outbound messages per hour").contains("class=\"src-0\"");

        JsonNode q = Json.MAPPER.readTree(send(admin.http(), get("/api/quarantine?recipient=bob%40example.com")).body());
        assertThat(q.get("items")).hasSize(1);
        assertThat(q.get("items").get(0).get("id").asLong()).isEqualTo(web.heldToBob);
        JsonNode one = Json.MAPPER.readTree(send(admin.http(), get("/api/quarantine/" + web.heldToBob)).body());
        assertThat(one.get("headers").asText()).contains("Subject: Returned mail").doesNotContain("body");
        assertThat(send(admin.http(), get("/api/quarantine/999999")).statusCode()).isEqualTo(404);
        assertThat(send(admin.http(), get("/api/quarantine?from=bad")).statusCode()).isEqualTo(400);

        String page = send(admin.http(), get("/quarantine?status=all")).body();
        assertThat(page).contains("Delivery failure &lt;script&gt;").doesNotContain("Delivery failure <script>");
        assertThat(send(admin.http(), get("/quarantine/" + web.heldToBob)).body()).contains("spf fail")
                .contains("Message-ID: &lt;bs-2@spam.example&gt;");

        JsonNode b = Json.MAPPER.readTree(send(admin.http(), get("/api/bounces?message_id=%3Cm1%40example.com%3E")).body());
        assertThat(b.get("sent")).hasSize(1);
        assertThat(b.get("sent").get(0).get("queue_id").asText()).isEqualTo("Q1");
        assertThat(b.get("bounce_events")).hasSize(1);
        assertThat(send(admin.http(), get("/bounces?recipient=x%40remote.example")).body()).contains("&lt;m1@example.com&gt;");
        assertThat(send(admin.http(), get("/api/bounces")).statusCode()).isEqualTo(400);

        JsonNode s = Json.MAPPER.readTree(send(admin.http(), get("/api/settings")).body());
        assertThat(s.get("web").get("listen").asText()).isEqualTo("127.0.0.1:8025");
        assertThat(send(admin.http(), get("/settings")).body()).contains("retention.ledger_days");
        assertThat(send(admin.http(), get("/audit")).statusCode()).isEqualTo(200);
        assertThat(send(admin.http(), get("/nope")).statusCode()).isEqualTo(404);
        assertThat(send(admin.http(), post("/audit", "", "text/plain", admin.csrf())).statusCode()).isEqualTo(405);
    }

    @Test
    void releaseAndDeleteThroughTheApiAreAudited() throws Exception {
        Admin admin = login();
        HttpResponse<String> r = send(admin.http(), post("/api/quarantine/release",
                "{\"ids\": [" + web.heldToAlice + ", 999999]}", "application/json", admin.csrf()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = Json.MAPPER.readTree(r.body());
        assertThat(j.get("done").asInt()).isEqualTo(1);
        assertThat(j.get("results").get(1).get("problem").asText()).isEqualTo("no such message");
        assertThat(web.store.quarantine().get(web.heldToAlice).orElseThrow().item().status())
                .isEqualTo(QuarantineStatus.RELEASED);
        assertThat(web.sendmailCalls()).contains("-f <> -- alice@example.com");
        // twice: the second is refused, and the MTA is not asked again
        JsonNode again = Json.MAPPER.readTree(send(admin.http(), post("/api/quarantine/release",
                "{\"ids\": [" + web.heldToAlice + "]}", "application/json", admin.csrf())).body());
        assertThat(again.get("results").get(0).get("problem").asText()).isEqualTo("not held (released)");

        HttpResponse<String> d = send(admin.http(), post("/quarantine/delete", "id=" + web.heldToBob + "&csrf="
                + admin.csrf(), "application/x-www-form-urlencoded"));
        assertThat(d.statusCode()).isEqualTo(303);
        assertThat(d.headers().firstValue("Location").orElseThrow()).contains("notice=Deleted+1+message");
        assertThat(web.store.quarantine().get(web.heldToBob).orElseThrow().item().status())
                .isEqualTo(QuarantineStatus.DELETED);

        JsonNode audit = Json.MAPPER.readTree(send(admin.http(), get("/api/audit")).body()).get("entries");
        assertThat(audit.toString()).contains("\"action\":\"quarantine.release\"", "\"target\":\"" + web.heldToAlice + "\"",
                "\"action\":\"quarantine.delete\"", "\"action\":\"login\"", "web:admin@127.0.0.1");
    }

    @Test
    void browserLoginUsesALoginFormTokenAndLogoutEndsTheSession() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String form = "application/x-www-form-urlencoded";
        // without the login form's cookie the post is turned back
        HttpResponse<String> forged = send(stranger, post("/login", "password=" + WebFixture.PASSWORD.replace(' ', '+')
                + "&csrf=abc", form));
        assertThat(forged.headers().firstValue("Location").orElseThrow()).startsWith("/login?error=expired");
        assertThat(forged.headers().firstValue("Set-Cookie")).isEmpty();

        String loginPage = send(browser, get("/login?next=/audit")).body();
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(m.find()).isTrue();
        HttpResponse<String> in = send(browser, post("/login", "password=" + WebFixture.PASSWORD.replace(' ', '+')
                + "&next=%2Faudit&csrf=" + m.group(1), form));
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).contains("/audit");
        String page = send(browser, get("/audit")).body();
        Matcher t = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(t.find()).isTrue();
        HttpResponse<String> out = send(browser, post("/logout", "csrf=" + t.group(1), form));
        assertThat(out.headers().firstValue("Location")).contains("/login");
        assertThat(send(browser, get("/audit")).statusCode()).isEqualTo(303);
        assertThat(send(browser, get("/api/session")).statusCode()).isEqualTo(401);
    }

    @Test
    void behindATlsProxyOnLoopbackTheCookieIsSecure() throws Exception {
        HttpResponse<String> r = send(stranger, HttpRequest.newBuilder(URI.create(web.base() + "/api/login"))
                .header("Content-Type", "application/json").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\": \"" + WebFixture.PASSWORD + "\"}")).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure").contains("HttpOnly");
        assertThat(send(stranger, post("/api/login", "password=x", "application/x-www-form-urlencoded")).statusCode())
                .as("a form post cannot log in through the API").isEqualTo(415);
    }

    @Test
    void metricsAreServedToLoopbackClients() throws Exception {
        HttpResponse<String> r = send(stranger, get("/metrics"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("backstop_verdicts_total{verdict=\"backscatter\"}")
                .contains("backstop_quarantine_held ").contains("backstop_milter_end_of_message_seconds_bucket")
                .contains("backstop_listener_active_connections{listener=\"milter\"} 2.0")
                .contains("backstop_store_errors_total 0.0")
                .contains("backstop_incidents_open " + web.containment.incidents(true).size() + ".0");
    }

    @Test
    void wrongPasswordsAreThrottledAndAudited(@TempDir Path other) throws Exception {
        try (WebFixture w = new WebFixture(other, true)) {
            int[] codes = new int[LoginThrottle.FREE_FAILURES + 1];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = stranger.send(HttpRequest.newBuilder(URI.create(w.base() + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"password\": \"guess " + i + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode();
            }
            assertThat(codes).containsExactly(401, 401, 401, 429);
            HttpResponse<String> right = stranger.send(HttpRequest.newBuilder(URI.create(w.base() + "/api/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\": \"" + WebFixture.PASSWORD + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(right.statusCode()).as("even the right password waits").isEqualTo(429);
            assertThat(right.headers().firstValue("Retry-After")).isPresent();
            assertThat(w.store.audit().recent(10)).filteredOn(a -> a.action().equals("login.failed")).hasSize(3);
        }
    }

    @Test
    void withoutAPasswordNobodyCanLogIn(@TempDir Path other) throws Exception {
        try (WebFixture w = new WebFixture(other, false)) {
            HttpResponse<String> page = stranger.send(HttpRequest.newBuilder(URI.create(w.base() + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("No admin password is set").contains("backstop passwd")
                    .doesNotContain("type=\"password\"");
            HttpResponse<String> api = stranger.send(HttpRequest.newBuilder(URI.create(w.base() + "/api/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\": \"\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(api.body()).contains("backstop passwd");
        }
    }
    @Test
    void incidentsAndSourcesAreShown() throws Exception {
        Admin admin = login();
        HttpResponse<String> list = send(admin.http(), get("/incidents?status=all"));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("id=\"incident-" + web.incidentHeld + "\"")
                .contains(Html.esc(WebFixture.RUNAWAY.toString())).contains("<a href=\"/incidents\"").doesNotContain("<script");
        assertThat(send(admin.http(), get("/incidents?status=bad")).statusCode()).isEqualTo(400);

        String detail = send(admin.http(), get("/incidents/" + web.incidentHeld)).body();
        assertThat(detail).contains("Incident #" + web.incidentHeld).contains("victim.example")
                .contains("Win a &lt;prize&gt;").doesNotContain("Win a <prize>").contains("Sample headers")
                .contains("messages_10m 240 &gt; 200").contains("Subject: Win a &lt;prize&gt;");
        assertThat(send(admin.http(), get("/incidents/999999")).statusCode()).isEqualTo(404);
        assertThat(send(admin.http(), get("/incidents/abc")).statusCode()).isEqualTo(400);

        JsonNode all = Json.MAPPER.readTree(send(admin.http(), get("/api/incidents?status=all")).body()).get("incidents");
        assertThat(all.findValuesAsText("source")).contains(WebFixture.RUNAWAY.toString(), WebFixture.FROZEN.toString());
        JsonNode one = Json.MAPPER.readTree(send(admin.http(), get("/api/incidents/" + web.incidentHeld)).body());
        assertThat(one.get("source").asText()).isEqualTo(WebFixture.RUNAWAY.toString());
        assertThat(one.get("messages").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(one.get("sample").asText()).contains("Subject: Win a <prize>");
        assertThat(send(admin.http(), get("/api/incidents/999999")).statusCode()).isEqualTo(404);

        JsonNode sources = Json.MAPPER.readTree(send(admin.http(), get("/api/sources?sort=bounced")).body()).get("sources");
        assertThat(sources.get(0).get("source").asText()).isEqualTo(WebFixture.BUSY.toString());
        assertThat(sources.get(0).get("bounced_1h").asLong()).isEqualTo(1);
        assertThat(sources.get(0).get("messages_1h").asLong()).isEqualTo(4);
        JsonNode spark = sources.get(0).get("messages_per_hour_24h");
        assertThat(spark).hasSize(24);
        long sum = 0;
        for (JsonNode n : spark) {
            sum += n.asLong();
        }
        assertThat(sum).as("erin's ledger rows of the last 24 h").isEqualTo(4);
        assertThat(spark.get(23).asLong()).as("one in the current hour").isEqualTo(1);
        JsonNode byLast = Json.MAPPER.readTree(send(admin.http(), get("/api/sources?sort=last")).body()).get("sources");
        assertThat(byLast.findValuesAsText("source")).contains(WebFixture.RUNAWAY.toString(), WebFixture.BUSY.toString());
        assertThat(send(admin.http(), get("/api/sources?sort=nope")).statusCode()).isEqualTo(400);
        String page = send(admin.http(), get("/sources?sort=messages")).body();
        assertThat(page).contains("<code>" + Html.esc(WebFixture.BUSY.toString()) + "</code>")
                .contains("id=\"sort-bounced\"").contains("aria-sort=\"descending\">messages 1 h")
                .contains("<svg class=\"spark\"").contains("messages per hour of " + Html.esc(WebFixture.BUSY.toString())
                        + ": 4 in 24 h");

        String overview = send(admin.http(), get("/")).body();
        assertThat(overview).contains("id=\"open-incidents\" href=\"/incidents\">" + web.containment.incidents(true).size() + "<");
        assertThat(Json.MAPPER.readTree(send(admin.http(), get("/api/overview")).body()).get("open_incidents").asInt())
                .isEqualTo(web.containment.incidents(true).size());
    }

    @Test
    void incidentActionsAskTheMtaAndAreAudited() throws Exception {
        Admin admin = login();
        String form = "application/x-www-form-urlencoded";
        String confirm = send(admin.http(), post("/incidents/confirm", "op=purge&id=" + web.incidentHeld + "&csrf="
                + admin.csrf(), form)).body();
        assertThat(confirm).contains("action=\"/incidents/purge\"").contains("3 held message(s)");
        assertThat(web.queue.calls()).noneMatch(c -> c.contains("4ABC0001"));

        // the MTA fails: nothing is marked, the held mail is still held
        web.queue.answer(new dev.backstop.mta.QueueResult.Failed("delete", 1, "postsuper: fatal: test failure"));
        HttpResponse<String> failed = send(admin.http(), post("/api/incidents/" + web.incidentHeld + "/purge", "",
                form, admin.csrf()));
        web.queue.answer(null);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(409);
        assertThat(failed.body()).contains("test failure");
        assertThat(web.containment.heldQueueIds(web.incidentHeld)).containsExactlyElementsOf(WebFixture.HELD_IDS);

        HttpResponse<String> purged = send(admin.http(), post("/incidents/purge", "id=" + web.incidentHeld + "&csrf="
                + admin.csrf(), form));
        assertThat(purged.statusCode()).isEqualTo(303);
        assertThat(purged.headers().firstValue("Location").orElseThrow()).startsWith("/incidents/" + web.incidentHeld)
                .contains("purged+3");
        assertThat(web.queue.calls()).contains("delete 4ABC0001,4ABC0002,4ABC0003");
        assertThat(web.containment.heldQueueIds(web.incidentHeld)).isEmpty();

        JsonNode nothing = Json.MAPPER.readTree(send(admin.http(), post("/api/incidents/" + web.incidentHeld + "/release",
                "{}", "application/json", admin.csrf())).body());
        assertThat(nothing.get("message").asText()).contains("nothing held");

        HttpResponse<String> unfrozen = send(admin.http(), post("/api/incidents/" + web.incidentEmpty + "/unfreeze", "{}",
                "application/json", admin.csrf()));
        assertThat(unfrozen.statusCode()).as(unfrozen.body()).isEqualTo(200);
        assertThat(web.containment.incident(web.incidentEmpty).orElseThrow().open()).isFalse();
        assertThat(web.containment.isFrozen(WebFixture.FROZEN)).isFalse();
        assertThat(send(admin.http(), post("/api/incidents/" + web.incidentEmpty + "/unfreeze", "{}", "application/json",
                admin.csrf())).statusCode()).isEqualTo(404);
        assertThat(send(admin.http(), post("/api/incidents/999999/purge", "{}", "application/json", admin.csrf()))
                .statusCode()).isEqualTo(404);

        JsonNode audit = Json.MAPPER.readTree(send(admin.http(), get("/api/audit")).body()).get("entries");
        assertThat(audit.toString()).contains("\"action\":\"incident.purge\"", "\"action\":\"incident.resolve\"",
                "\"target\":\"" + web.incidentHeld + " (3 messages)\"", "web:admin@127.0.0.1");
    }

    @Test
    void sourceActionsAreConfirmedValidatedAndAudited() throws Exception {
        Admin admin = login();
        String form = "application/x-www-form-urlencoded";
        String quiet = Html.url(WebFixture.QUIET.toString());
        String confirm = send(admin.http(), post("/sources/confirm", "op=freeze&source=" + quiet + "&csrf="
                + admin.csrf(), form)).body();
        assertThat(confirm).contains("action=\"/sources/freeze\"").contains(Html.esc(WebFixture.QUIET.toString()));
        assertThat(web.containment.isFrozen(WebFixture.QUIET)).as("confirming changes nothing").isFalse();

        HttpResponse<String> frozen = send(admin.http(), post("/api/sources/freeze",
                "{\"source\": \"" + WebFixture.QUIET + "\"}", "application/json", admin.csrf()));
        assertThat(frozen.statusCode()).as(frozen.body()).isEqualTo(200);
        assertThat(web.containment.isFrozen(WebFixture.QUIET)).isTrue();
        assertThat(send(admin.http(), get("/sources")).body()).contains("class=\"bad\">frozen");

        HttpResponse<String> allowed = send(admin.http(), post("/sources/allow", "source=" + quiet + "&csrf="
                + admin.csrf(), form));
        assertThat(allowed.statusCode()).isEqualTo(303);
        assertThat(allowed.headers().firstValue("Location").orElseThrow()).contains("allow-listed");
        assertThat(web.containment.isFrozen(WebFixture.QUIET)).isFalse();
        assertThat(web.containment.source(WebFixture.QUIET).orElseThrow().allowed()).isTrue();

        assertThat(send(admin.http(), post("/api/sources/freeze", "{\"source\": \"martian x\"}", "application/json",
                admin.csrf())).statusCode()).isEqualTo(400);
        assertThat(send(admin.http(), post("/api/sources/unfreeze", "{}", "application/json", admin.csrf()))
                .statusCode()).isEqualTo(400);

        JsonNode audit = Json.MAPPER.readTree(send(admin.http(), get("/api/audit")).body()).get("entries");
        assertThat(audit.toString()).contains("\"action\":\"source.freeze\"", "\"action\":\"source.allow\"",
                "\"target\":\"" + WebFixture.QUIET + "\"");
    }
}
