package dev.backstop.web;

import dev.backstop.engine.IncidentActions;
import dev.backstop.engine.QuarantineRelease;
import dev.backstop.outbound.Containment;
import dev.backstop.store.Store;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** What every route may use: the daemon's parts and the dashboard's own security state. */
final class WebContext {
    final Store store;
    final QuarantineRelease release;
    final Supplier<List<ListenerStatus>> listeners;
    final Map<String, Object> settings;
    final Clock clock;
    final WebMetrics metrics;
    final AdminPassword password;
    final Sessions sessions;
    final LoginThrottle throttle;
    final Tokens tokens;
    final boolean secureCookies;
    /** Null when the daemon runs without outbound containment. */
    final Containment containment;
    final IncidentActions incidentActions;
    /** The navigation slots some feature fills; the others are shown greyed out. */
    final Set<Nav> navs = EnumSet.noneOf(Nav.class);

    WebContext(WebSetup setup, Tokens tokens) {
        this.store = setup.store();
        this.release = setup.release();
        this.listeners = setup.listeners();
        this.settings = setup.settings();
        this.clock = setup.clock();
        this.metrics = setup.metrics();
        this.password = setup.password();
        this.tokens = tokens;
        this.sessions = new Sessions(clock, tokens);
        this.throttle = new LoginThrottle(clock);
        this.secureCookies = setup.secureCookies();
        this.containment = setup.containment();
        this.incidentActions = containment == null ? null : new IncidentActions(containment, setup.queue());
    }
}
