package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.BackstopConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon serves the dashboard on web.listen beside the milter, and closes it with the rest. */
class DaemonWebIT {
    @Test
    void daemonServesTheDashboardAndItsMetrics(@TempDir Path dir) throws Exception {
        BackstopConfig c = BackstopConfig.parse("data_dir: " + dir.resolve("data") + "\nmilter: {listen: 'inet:127.0.0.1:0'}\n"
                + "web: {listen: '127.0.0.1:0'}\n", "test");
        HttpClient http = HttpClient.newHttpClient();
        java.net.URI base;
        try (Daemon d = Daemon.start(c, Clock.systemUTC())) {
            base = d.webUri();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(base.resolve("/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.body()).contains("backstop passwd");
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("backstop_listener_up{listener=\"milter\"} 1.0")
                    .contains("backstop_milter_end_of_message_seconds_count");
        }
        try {
            http.send(HttpRequest.newBuilder(base.resolve("/login")).build(), HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the dashboard still answers after close");
        } catch (java.io.IOException expected) {
            // connection refused: closed with the daemon
        }
    }
}
