package dev.backstop.incident;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs the alert as JSON ({@code kind} opened|escalated|resolved, {@code incident}, {@code source}, counts,
 * {@code first}/{@code last}, {@code top_domains}, {@code subject}). Anything but a 2xx answer within the
 * timeout is a failure, retried by {@link Alerts}.
 */
public final class WebhookNotifier implements Notifier {
    private final URI url;
    private final HttpClient client;
    private final Duration timeout;

    public WebhookNotifier(URI url, Duration timeout) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("webhook URL must be http or https: " + url.getScheme());
        }
        this.url = url;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        // no path or query: a webhook URL often carries a secret token
        return "webhook " + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    @Override
    public void send(Alert alert) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "backstop")
                .POST(HttpRequest.BodyPublishers.ofString(AlertJson.of(alert), StandardCharsets.UTF_8)).build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(name() + " answered HTTP " + response.statusCode());
        }
    }
}
