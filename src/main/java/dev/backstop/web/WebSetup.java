package dev.backstop.web;

import dev.backstop.engine.QuarantineRelease;
import dev.backstop.mta.MailQueue;
import dev.backstop.outbound.Containment;
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
 * @param containment   outbound containment for the incidents and sources pages, or null (the pages are then
 *                      greyed out)
 * @param queue         the MTA's queue, for purging and releasing an incident's held mail; null with no containment
 */
public record WebSetup(String host, int port, AdminPassword password, boolean secureCookies, Store store,
                       QuarantineRelease release, Supplier<List<ListenerStatus>> listeners,
                       Map<String, Object> settings, Clock clock, WebMetrics metrics,
                       Containment containment, MailQueue queue) {
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
        if ((containment == null) != (queue == null)) {
            throw new IllegalArgumentException("containment and the MTA queue go together");
        }
    }

    /** A dashboard without outbound containment. */
    public WebSetup(String host, int port, AdminPassword password, boolean secureCookies, Store store,
                    QuarantineRelease release, Supplier<List<ListenerStatus>> listeners,
                    Map<String, Object> settings, Clock clock, WebMetrics metrics) {
        this(host, port, password, secureCookies, store, release, listeners, settings, clock, metrics, null, null);
    }
}
