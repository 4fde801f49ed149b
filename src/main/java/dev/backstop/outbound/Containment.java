package dev.backstop.outbound;

import dev.backstop.config.BackstopConfig;
import dev.backstop.incident.Alerts;
import dev.backstop.incident.Incident;
import dev.backstop.incident.MailNotifier;
import dev.backstop.incident.Notifier;
import dev.backstop.incident.WebhookNotifier;
import dev.backstop.mta.Sendmail;
import java.net.URI;
import java.time.Duration;
import dev.backstop.incident.Incidents;
import dev.backstop.store.HeldState;
import dev.backstop.store.SourceMark;
import dev.backstop.store.Store;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound containment, the API the engine and the admin commands use. {@link #observe} counts a message in
 * memory and answers in microseconds; it writes to the store only when a source is contained (the incident,
 * the frozen mark) or already frozen (its held queue ids). Frozen and allow-listed sources persist in the
 * store; counters do not (a restart forgets the last hour's counts). Thread-safe.
 */
public final class Containment implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Containment.class);
    /** The actor recorded when containment itself freezes a source. */
    public static final String SYSTEM_ACTOR = "backstop";
    private static final int MAX_DRY_RUN_LOGGED = 10_000;
    private static final int RECENT_DEFECTS = 20;
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);

    private final ContainmentPolicy policy;
    private final Store store;
    private final Incidents incidents;
    private final Clock clock;
    private final SourceTracker tracker;
    private final Set<String> frozen = ConcurrentHashMap.newKeySet();
    private final Set<String> allowed = ConcurrentHashMap.newKeySet();
    private final Set<String> dryRunLogged = ConcurrentHashMap.newKeySet();
    private final AtomicLong dryRunHits = new AtomicLong();
    private final AtomicLong defects = new AtomicLong();
    private final Deque<String> recentDefects = new ArrayDeque<>();
    private final Alerts ownedAlerts;
    /** Marks and incidents are re-read this often, to see what the admin command changed in the store. */
    static final long REFRESH_MS = 2_000;
    private final java.util.concurrent.atomic.AtomicLong refreshedAt = new java.util.concurrent.atomic.AtomicLong();
    private final Object marks = new Object();

    public Containment(ContainmentPolicy policy, Store store, Incidents incidents, Clock clock) {
        this(policy, store, incidents, clock, null);
    }

    /**
     * Builds containment as the configuration describes: the policy file (embedded defaults when
     * {@code outbound.policy_file} is not set), mail alerts to {@code outbound.admin_email} through
     * {@code sendmail} (none when either is null), a webhook to {@code outbound.webhook_url} (none when not
     * set). {@link #close()} stops the alert executor.
     *
     * @throws dev.backstop.config.ConfigException when the policy file is wrong
     */
    public static Containment fromConfig(BackstopConfig.Outbound outbound, Store store, Sendmail sendmail,
                                         String hostname, Clock clock) {
        ContainmentPolicy policy = outbound == null || outbound.policyFile() == null ? ContainmentPolicy.defaults()
                : ContainmentPolicy.load(outbound.policyFile());
        List<Notifier> notifiers = new ArrayList<>();
        if (outbound != null && outbound.adminEmail() != null && !outbound.adminEmail().isBlank() && sendmail != null) {
            notifiers.add(new MailNotifier(sendmail, policy.alerts().sender(), outbound.adminEmail(), hostname, clock));
        }
        if (outbound != null && outbound.webhookUrl() != null && !outbound.webhookUrl().isBlank()) {
            notifiers.add(new WebhookNotifier(URI.create(outbound.webhookUrl()), WEBHOOK_TIMEOUT));
        }
        Alerts alerts = new Alerts(store.incidents(), notifiers, clock, policy.alerts().retryAttempts(),
                policy.alerts().retryBackoffMs());
        Incidents incidents = new Incidents(store.incidents(), alerts, clock, policy.alerts().escalateFactor());
        return new Containment(policy, store, incidents, clock, alerts);
    }

    private Containment(ContainmentPolicy policy, Store store, Incidents incidents, Clock clock, Alerts ownedAlerts) {
        this.ownedAlerts = ownedAlerts;
        this.policy = policy;
        this.store = store;
        this.incidents = incidents;
        this.clock = clock;
        this.tracker = new SourceTracker(policy.maxSources(), policy.distinctCap(), policy.contentCap(), clock.millis());
        refreshMarks();
        refreshedAt.set(clock.millis());
        log.info("containment: {} frozen, {} allow-listed sources{}", frozen.size(), allowed.size(),
                policy.dryRun() ? "; DRY RUN: nothing will be contained" : "");
    }

    /**
     * Re-reads frozen and allow-listed sources and open incidents from the store: what the admin command (a
     * separate process) changed. {@link #observe} does this by itself at most every {@value #REFRESH_MS} ms.
     * A source unfrozen elsewhere starts from fresh counts.
     */
    public void refresh() {
        refreshMarks();
        incidents.refresh();
    }

    private void refreshMarks() {
        synchronized (marks) {
            java.util.Set<String> nowFrozen = new java.util.HashSet<>();
            java.util.Set<String> nowAllowed = new java.util.HashSet<>();
            for (SourceMark m : store.sourceMarks().all()) {
                if (m.frozen()) {
                    nowFrozen.add(m.source());
                }
                if (m.allowed()) {
                    nowAllowed.add(m.source());
                }
            }
            for (String s : frozen) {
                if (!nowFrozen.contains(s)) {
                    frozen.remove(s);
                    tracker.reset(s);
                }
            }
            frozen.addAll(nowFrozen);
            allowed.retainAll(nowAllowed);
            allowed.addAll(nowAllowed);
        }
    }

    private void refreshIfDue(long now) {
        long last = refreshedAt.get();
        if (now - last >= REFRESH_MS && refreshedAt.compareAndSet(last, now)) {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.error("containment: cannot re-read frozen sources and incidents: {}", e.toString());
            }
        }
    }

    /** Counts one outgoing message and says what to do with it. */
    public ContainmentDecision observe(OutgoingMessage m) {
        refreshIfDue(clock.millis());
        String source = m.source().toString();
        long now = m.time().toEpochMilli();
        SourceStats s = tracker.message(source, now, m.recipients(), m.fingerprint());
        if (allowed.contains(source) || policy.allowed(source)) {
            return ContainmentDecision.ACCEPT;
        }
        Thresholds t = policy.thresholds(m.source());
        if (frozen.contains(source)) {
            Incident incident = incidents.openFor(source)
                    .orElseGet(() -> incidents.open(source, "frozen", Math.max(1, s.messages10m()), m.subject(), m.headers()));
            return held(incident, t.action(), m);
        }
        String crossed = t.crossed(s, s.newSource() ? policy.newSourceFactor() : 1.0);
        if (crossed == null) {
            return ContainmentDecision.ACCEPT;
        }
        if (policy.dryRun()) {
            dryRun(source, crossed);
            return ContainmentDecision.ACCEPT;
        }
        Incident incident = contain(source, crossed, s.messages10m(), m.subject(), m.headers());
        return held(incident, t.action(), m);
    }

    /**
     * A delivery outcome of mail from {@code source} (as printed, from the ledger), from the mail log or a
     * genuine bounce. A source with too many failures is contained; its next message is held.
     */
    public void delivery(String source, DeliveryOutcome outcome) {
        String name = Source.clean(source);
        Source parsed;
        try {
            parsed = Source.parse(name);
        } catch (IllegalArgumentException e) {
            defect("delivery outcome for an unreadable source '" + shown(name) + "'");
            return;
        }
        String key = parsed.toString();
        SourceStats s = tracker.delivery(key, clock.millis(), outcome);
        if (outcome == DeliveryOutcome.SENT || allowed.contains(key) || policy.allowed(key) || frozen.contains(key)) {
            return;
        }
        String crossed = policy.thresholds(parsed).crossed(s, 1.0);
        if (crossed == null) {
            return;
        }
        if (policy.dryRun()) {
            dryRun(key, crossed);
        } else {
            contain(key, crossed, Math.max(1, s.messages10m()), "", "");
        }
    }

    private Incident contain(String source, String reason, long initialCount, String subject, String headers) {
        synchronized (marks) {
            if (frozen.add(source)) {
                try {
                    store.sourceMarks().setFrozen(source, true, SYSTEM_ACTOR, reason);
                } catch (RuntimeException e) {
                    // still frozen in memory until the next refresh: the mail path never fails on the store
                    log.error("source {} frozen but not stored: {}", source, e.toString());
                }
            }
        }
        return incidents.open(source, reason, Math.max(1, initialCount), subject, headers);
    }

    private ContainmentDecision held(Incident incident, ContainmentAction action, OutgoingMessage m) {
        try {
            if (!incidents.count(incident.id(), incident.source(), m.recipients(), m.queueId(),
                    action == ContainmentAction.HOLD)) {
                defect("queue id not recorded with incident " + incident.id() + ": '" + shown(m.queueId()) + "'");
            }
        } catch (RuntimeException e) {
            log.error("incident={} queue_id={} could not be recorded: {}", incident.id(), shown(m.queueId()), e.toString());
        }
        return new ContainmentDecision(action, "source contained (incident " + incident.id() + "): " + incident.reason(),
                incident.id());
    }

    private void dryRun(String source, String crossed) {
        dryRunHits.incrementAndGet();
        if (dryRunLogged.size() >= MAX_DRY_RUN_LOGGED) {
            dryRunLogged.clear();
        }
        if (dryRunLogged.add(source)) {
            log.warn("dry run: would contain source {}: {}", source, crossed);
        }
    }

    // ---- admin: sources ----

    /** Tracked sources, most recently active first (at most 1,000), then marked sources not tracked now. */
    public List<SourceStats> sources() {
        long now = clock.millis();
        Map<String, SourceStats> out = new LinkedHashMap<>();
        for (SourceStats s : tracker.all(now, 1_000)) {
            out.put(s.source(), s.marked(frozen.contains(s.source()), isAllowed(s.source())));
        }
        for (String s : union(frozen, allowed)) {
            out.computeIfAbsent(s, k -> new SourceStats(k, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false,
                    frozen.contains(k), isAllowed(k)));
        }
        return new ArrayList<>(out.values());
    }

    /** The stats of one source, or empty when it is neither tracked nor marked. */
    public Optional<SourceStats> source(Source source) {
        String k = source.toString();
        SourceStats s = tracker.stats(k, clock.millis());
        if (s == null && !frozen.contains(k) && !isAllowed(k)) {
            return Optional.empty();
        }
        if (s == null) {
            s = new SourceStats(k, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, false, false);
        }
        return Optional.of(s.marked(frozen.contains(k), isAllowed(k)));
    }

    /** Freezes a source by hand: its new mail is held under an incident opened now. */
    public Incident freeze(Source source, String actor) {
        String k = source.toString();
        synchronized (marks) {
            frozen.add(k);
            store.sourceMarks().setFrozen(k, true, actor, "frozen by " + actor);
        }
        store.audit().record(actor, "source.freeze", k);
        SourceStats s = tracker.stats(k, clock.millis());
        return incidents.openFor(k).orElseGet(() -> incidents.open(k, "frozen by " + actor,
                s == null ? 1 : Math.max(1, s.messages10m()), "", ""));
    }

    /** Lets a source send again: resolves its open incident and forgets its counts, so it starts afresh. */
    public void unfreeze(Source source, String actor) {
        String k = source.toString();
        synchronized (marks) {
            store.sourceMarks().setFrozen(k, false, actor, "unfrozen by " + actor);
        }
        store.audit().record(actor, "source.unfreeze", k);
        release(k, actor);
    }

    /** Allow-lists a source (never contained again, still counted); unfreezes it if frozen. */
    public void allow(Source source, String actor) {
        String k = source.toString();
        synchronized (marks) {
            allowed.add(k);
            store.sourceMarks().setAllowed(k, true, actor, "allowed by " + actor);
            store.sourceMarks().setFrozen(k, false, actor, "allowed by " + actor);
        }
        store.audit().record(actor, "source.allow", k);
        release(k, actor);
    }

    /** Takes a source off the allow-list kept in the store (a policy file {@code allow} stays). */
    public void disallow(Source source, String actor) {
        String k = source.toString();
        synchronized (marks) {
            allowed.remove(k);
            store.sourceMarks().setAllowed(k, false, actor, "disallowed by " + actor);
        }
        store.audit().record(actor, "source.disallow", k);
    }

    private void release(String source, String actor) {
        synchronized (marks) {
            frozen.remove(source);
        }
        tracker.reset(source);
        incidents.openFor(source).ifPresent(i -> incidents.resolve(i.id(), actor));
    }

    // ---- admin: incidents ----

    public List<Incident> incidents(boolean openOnly) {
        return incidents.list(openOnly, 1_000);
    }

    public Optional<Incident> incident(long id) {
        return incidents.get(id);
    }

    /** Queue ids the incident still holds; each matches {@link Incidents#QUEUE_ID}, safe as a command argument. */
    public List<String> heldQueueIds(long incidentId) {
        return incidents.heldQueueIds(incidentId);
    }

    /** Records that the admin released or purged these held queue ids (after the MTA did it). */
    public int queueAction(long incidentId, Collection<String> queueIds, HeldState state, String actor) {
        int n = incidents.markQueueIds(incidentId, queueIds, state);
        store.audit().record(actor, "incident." + (state == HeldState.PURGED ? "purge" : "release"),
                incidentId + " (" + n + " messages)");
        return n;
    }

    /**
     * Resolves an incident and unfreezes its source (the {@code incidents unfreeze ID} command).
     *
     * @return the resolved incident, empty when no open incident has this id
     */
    public Optional<Incident> resolve(long incidentId, String actor) {
        Optional<Incident> i = incidents.get(incidentId).filter(Incident::open);
        if (i.isEmpty()) {
            return Optional.empty();
        }
        String k = i.get().source();
        synchronized (marks) {
            store.sourceMarks().setFrozen(k, false, actor, "incident " + incidentId + " resolved");
            frozen.remove(k);
        }
        tracker.reset(k);
        store.audit().record(actor, "incident.resolve", String.valueOf(incidentId));
        return incidents.resolve(incidentId, actor);
    }

    // ---- figures ----

    public boolean isFrozen(Source source) {
        return frozen.contains(source.toString());
    }

    /** Sources tracked in memory now (at most the policy's {@code max_sources}). */
    public int trackedSources() {
        return tracker.size();
    }

    /** Estimated bytes of the in-memory counters. */
    public long counterBytes() {
        return tracker.sizeBytes();
    }

    /** Times a dry run would have contained (or kept contained) a source. */
    public long dryRunHits() {
        return dryRunHits.get();
    }

    public long defects() {
        return defects.get();
    }

    public List<String> recentDefects() {
        synchronized (recentDefects) {
            return List.copyOf(recentDefects);
        }
    }

    public ContainmentPolicy policy() {
        return policy;
    }

    private boolean isAllowed(String source) {
        return allowed.contains(source) || policy.allowed(source);
    }

    private void defect(String what) {
        defects.incrementAndGet();
        synchronized (recentDefects) {
            if (recentDefects.size() >= RECENT_DEFECTS) {
                recentDefects.removeFirst();
            }
            recentDefects.addLast(what);
        }
        log.warn("containment defect: {}", what);
    }

    /** Stops the alert executor this containment created (waiting briefly for pending alerts). */
    @Override
    public void close() {
        if (ownedAlerts != null) {
            ownedAlerts.close();
        }
    }

    private static List<String> union(Set<String> a, Set<String> b) {
        List<String> out = new ArrayList<>(a);
        for (String s : b) {
            if (!a.contains(s)) {
                out.add(s);
            }
        }
        out.sort(null);
        return out;
    }

    private static String shown(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }
}
