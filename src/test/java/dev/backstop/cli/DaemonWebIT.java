package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.BackstopConfig;
import dev.backstop.milter.ConnectionInfo;
import dev.backstop.milter.MilterClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
            // one message through the milter: the engine's time is measured by the hook
            try (MilterClient m = MilterClient.connect(d.milterEndpoint(), Duration.ofSeconds(10))) {
                m.negotiate();
                m.connect(new ConnectionInfo("mx.remote.example", ConnectionInfo.Family.INET, 25, "192.0.2.1"));
                m.helo("mx.remote.example");
                m.mailFrom("<>");
                m.rcptTo("<alice@example.com>");
                m.header("From", "MAILER-DAEMON@remote.example");
                m.header("Subject", "Undelivered Mail Returned to Sender");
                m.endOfHeaders();
                m.body("This is the mail system at host remote.example.\r\n\r\nI'm sorry to have to inform you ..\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                m.endOfMessage();
                m.quit();
            }
            String metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("backstop_listener_up{listener=\"milter\"} 1.0")
                    .contains("backstop_milter_end_of_message_seconds_count 1\n");
        }
        try {
            http.send(HttpRequest.newBuilder(base.resolve("/login")).build(), HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the dashboard still answers after close");
        } catch (java.io.IOException expected) {
            // connection refused: closed with the daemon
        }
    }
}
