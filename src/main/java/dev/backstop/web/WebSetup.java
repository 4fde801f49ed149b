package dev.backstop.web;

import dev.backstop.engine.QuarantineRelease;
import dev.backstop.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything the dashboard needs from the daemon.
 *
 * @param host          the address to bind (loopback by default)
 * @param port          the port, 0 for one the OS chooses (tests)
 * @param password      the admin password file
 * @param secureCookies always mark the session cookie {@code Secure} (behind a TLS proxy that does not send
 *                      {@code X-Forwarded-Proto}); it is marked anyway on HTTPS or with
 *                      {@code X-Forwarded-Proto: https} from a loopback proxy
 * @param listeners     the daemon's listeners, asked on every overview
 * @param settings      the effective configuration with secrets masked
 */
public record WebSetup(String host, int port, AdminPassword password, boolean secureCookies, Store store,
                       QuarantineRelease release, Supplier<List<ListenerStatus>> listeners,
                       Map<String, Object> settings, Clock clock, WebMetrics metrics) {
    public WebSetup {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("web port must be 0..65535, was " + port);
        }
    }
}
