package dev.backstop.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.backstop.store.Durability;
import dev.backstop.store.IncidentRecord;
import dev.backstop.store.Retention;
import dev.backstop.store.SqliteStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook against a real HTTP server on 127.0.0.1: JSON body, a retry after a 500, one post per kind. */
class WebhookNotifierIT {
    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            arrivals.add(System.nanoTime());
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            if (status == 204) {
                bodies.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + new String(body, StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=secret");
    }

    @Test
    void postsJsonOncePerKindAndRetriesAfterA500WithBackOff() throws Exception {
        failuresLeft.set(2);
        Clock clock = Clock.systemUTC();
        try (SqliteStore store = SqliteStore.open(dir.resolve("b.db"), clock, Retention.DEFAULT, Durability.NORMAL)) {
            WebhookNotifier hook = new WebhookNotifier(url(), Duration.ofSeconds(5));
            assertThat(hook.name()).doesNotContain("secret");
            Alerts alerts = new Alerts(store.incidents(), List.of(hook), clock, 4, 50);
            Incidents incidents = new Incidents(store.incidents(), alerts, clock, 10);
            Incident i = incidents.open("script 33:/var/www/\"quoted\"\\contact.php", "distinct_recipients_10m 21 > 20",
                    21, "Mailbox \"full\"\n", "Subject: x");
            incidents.count(i.id(), i.source(), List.of("a@gmail.example", "b@gmail.example", "c@web.example"),
                    "ABCDEF1234", true);
            assertThat(alerts.raise(AlertKind.OPENED, i)).isFalse(); // already raised by open()
            waitFor(() -> bodies.size() == 1);
            assertThat(arrivals).hasSize(3); // 500, 500, then 204
            long firstGap = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
            long secondGap = (arrivals.get(2) - arrivals.get(1)) / 1_000_000;
            assertThat(firstGap).isGreaterThanOrEqualTo(45);
            assertThat(secondGap).isGreaterThanOrEqualTo(95); // doubled
            String opened = bodies.get(0);
            assertThat(opened).startsWith("application/json")
                    .contains("\"kind\":\"opened\"", "\"incident\":" + i.id(),
                            "\"source\":\"script 33:/var/www/\\\"quoted\\\"\\\\contact.php\"",
                            "\"subject\":\"Mailbox \\\"full\\\"\\n\"", "\"status\":\"open\"", "\"first\":\"");

            incidents.resolve(i.id(), "alice");
            waitFor(() -> bodies.size() == 2);
            assertThat(bodies.get(1)).contains("\"kind\":\"resolved\"", "\"messages\":1", "\"held\":1",
                    "\"top_domains\":[{\"domain\":\"gmail.example\",\"count\":2},{\"domain\":\"web.example\",\"count\":1}]",
                    "\"resolved_by\":\"alice\"");
            assertThat(incidents.resolve(i.id(), "alice")).isEmpty();
            alerts.close(1_000);
            assertThat(bodies).hasSize(2);
            assertThat(alerts.failed()).isZero();
        }
    }

    @Test
    void givesUpAfterTheLastAttempt() throws Exception {
        failuresLeft.set(100);
        Clock clock = Clock.systemUTC();
        try (SqliteStore store = SqliteStore.open(dir.resolve("b.db"), clock, Retention.DEFAULT, Durability.NORMAL)) {
            Alerts alerts = new Alerts(store.incidents(), List.of(new WebhookNotifier(url(), Duration.ofSeconds(5))),
                    clock, 3, 10);
            long id = store.incidents().open(new IncidentRecord(0, "ip 192.0.2.1", "r", true, Instant.now(),
                    Instant.now(), 0, 0, 0, 1, "", "", "", null, null));
            Incident i = new Incidents(store.incidents(), alerts, clock, 10).get(id).orElseThrow();
            assertThat(alerts.raise(AlertKind.ESCALATED, i)).isTrue();
            waitFor(() -> alerts.failed() == 1);
            assertThat(arrivals).hasSize(3);
            alerts.close(500);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
