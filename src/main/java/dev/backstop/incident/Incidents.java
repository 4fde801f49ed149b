package dev.backstop.incident;

import dev.backstop.store.HeldState;
import dev.backstop.store.IncidentLog;
import dev.backstop.store.IncidentRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of incidents: open (alert once), count the source's further mail (persisted at most once a
 * second, plus each held queue id), escalate once when the messages since it opened reach {@code escalateFactor}
 * times the count that opened it, resolve (alert once). At most one open incident per source. Thread-safe.
 */
public final class Incidents {
    private static final Logger log = LoggerFactory.getLogger(Incidents.class);
    /** Postfix short and long queue ids, Exim message ids: letters, digits, '-'; never anything a shell reads. */
    public static final Pattern QUEUE_ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z-]{4,31}");
    private static final int MAX_DOMAINS = 500;
    private static final int TOP_DOMAINS = 5;
    private static final long PERSIST_EVERY_MS = 1_000;

    private final IncidentLog store;
    private final Alerts alerts;
    private final Clock clock;
    private final int escalateFactor;
    private final Map<String, Open> bySource = new HashMap<>();

    /** An open incident's running state; the domain tally is bounded (later new domains go uncounted). */
    private static final class Open {
        Incident incident;
        final Map<String, Long> domains = new HashMap<>();
        long persistedAt;
    }

    public Incidents(IncidentLog store, Alerts alerts, Clock clock, int escalateFactor) {
        this.store = store;
        this.alerts = alerts;
        this.clock = clock;
        this.escalateFactor = Math.max(2, escalateFactor);
        for (IncidentRecord r : store.list(true, 10_000)) {
            Open o = new Open();
            o.incident = Incident.of(r);
            bySource.putIfAbsent(r.source(), o);
        }
    }

    /** Opens an incident for {@code source} (or returns the one already open) and raises the opened alert. */
    public Incident open(String source, String reason, long initialCount, String subject, String sample) {
        Incident opened;
        synchronized (this) {
            Open existing = bySource.get(source);
            if (existing != null) {
                return existing.incident;
            }
            Instant now = clock.instant();
            IncidentRecord r = new IncidentRecord(0, source, reason, true, now, now, 0, 0, 0, Math.max(1, initialCount),
                    "", subject == null ? "" : subject, sample == null ? "" : sample, null, null);
            long id = store.open(r);
            Open o = new Open();
            o.incident = Incident.of(new IncidentRecord(id, source, reason, true, now, now, 0, 0, 0,
                    r.initialCount(), "", r.subject(), r.sample(), null, null));
            o.persistedAt = now.toEpochMilli();
            bySource.put(source, o);
            opened = o.incident;
            log.warn("incident={} opened: source {} contained: {}", id, source, reason);
        }
        alerts.raise(AlertKind.OPENED, opened);
        return opened;
    }

    public synchronized Optional<Incident> openFor(String source) {
        Open o = bySource.get(source);
        return o == null ? Optional.empty() : Optional.of(o.incident);
    }

    /**
     * Counts one more message of an open incident's source. A valid {@code queueId} of a held message is
     * recorded with the incident; an invalid one is not (returns false, a defect for the caller).
     */
    public boolean count(long incidentId, String source, List<String> recipients, String queueId, boolean held) {
        Incident escalate = null;
        boolean queueIdOk = true;
        Open o;
        Instant now = clock.instant();
        synchronized (this) {
            o = bySource.get(source);
            if (o == null || o.incident.id() != incidentId) {
                return true;
            }
            for (String r : recipients) {
                int at = r.lastIndexOf('@');
                String d = r.substring(at + 1).toLowerCase(Locale.ROOT);
                if (o.domains.containsKey(d) || o.domains.size() < MAX_DOMAINS) {
                    o.domains.merge(d, 1L, Long::sum);
                }
            }
            Incident i = o.incident;
            long heldNow = i.held() + (held ? 1 : 0);
            o.incident = new Incident(i.id(), i.source(), i.reason(), true, i.opened(), now, i.messages() + 1, heldNow,
                    i.recipients() + recipients.size(), i.initialCount(), top(o.domains), i.subject(), i.sample(),
                    null, null);
            // messages, not held: with action tempfail or reject nothing is held, yet the source keeps trying
            long mark = (long) escalateFactor * i.initialCount();
            if (i.messages() + 1 >= mark && i.messages() < mark) {
                escalate = o.incident;
            }
            if (now.toEpochMilli() - o.persistedAt >= PERSIST_EVERY_MS || escalate != null || i.messages() == 0) {
                o.persistedAt = now.toEpochMilli();
                store.update(o.incident.record());
            }
        }
        if (held && !queueId.isEmpty()) {
            if (QUEUE_ID.matcher(queueId).matches()) {
                store.addHeld(incidentId, queueId, now);
            } else {
                queueIdOk = false;
            }
        }
        if (escalate != null) {
            log.warn("incident={} escalated: {} held from {}", incidentId, escalate.held(), source);
            alerts.raise(AlertKind.ESCALATED, escalate);
        }
        return queueIdOk;
    }

    /**
     * Re-reads the open incidents from the store, so incidents opened or resolved by the admin command (another
     * process) are seen by the daemon.
     */
    public synchronized void refresh() {
        Map<String, IncidentRecord> open = new HashMap<>();
        for (IncidentRecord r : store.list(true, 10_000)) {
            open.putIfAbsent(r.source(), r);
        }
        bySource.entrySet().removeIf(e -> {
            IncidentRecord r = open.get(e.getKey());
            boolean gone = r == null || r.id() != e.getValue().incident.id();
            if (gone) {
                store.update(e.getValue().incident.record()); // the counts since the last write
            }
            return gone;
        });
        open.forEach((source, r) -> bySource.computeIfAbsent(source, k -> {
            Open o = new Open();
            o.incident = Incident.of(r);
            return o;
        }));
    }

    /** Resolves an open incident (final counts persisted) and raises the resolved alert; empty when not open. */
    public Optional<Incident> resolve(long id, String actor) {
        Incident resolved;
        synchronized (this) {
            Open o = null;
            for (Open x : bySource.values()) {
                if (x.incident.id() == id) {
                    o = x;
                }
            }
            Instant now = clock.instant();
            if (o != null) {
                store.update(o.incident.record());
            }
            if (!store.resolve(id, actor, now)) {
                return Optional.empty();
            }
            if (o != null) {
                bySource.remove(o.incident.source());
            }
            resolved = store.get(id).map(Incident::of).orElseThrow();
            log.info("incident={} resolved by {}", id, actor);
        }
        alerts.raise(AlertKind.RESOLVED, resolved);
        return Optional.of(resolved);
    }

    /** Newest first; the open ones show their running counts. */
    public List<Incident> list(boolean openOnly, int limit) {
        List<Incident> out = new ArrayList<>();
        for (IncidentRecord r : store.list(openOnly, limit)) {
            out.add(live(Incident.of(r)));
        }
        return out;
    }

    public Optional<Incident> get(long id) {
        return store.get(id).map(Incident::of).map(this::live);
    }

    private synchronized Incident live(Incident stored) {
        Open o = bySource.get(stored.source());
        return o != null && o.incident.id() == stored.id() ? o.incident : stored;
    }

    /** Queue ids still on hold for the incident, oldest first (all valid {@link #QUEUE_ID}s). */
    public List<String> heldQueueIds(long id) {
        return store.queueIds(id, HeldState.HELD);
    }

    /** Records that held queue ids were released or purged; returns how many of them were on hold. */
    public int markQueueIds(long id, Collection<String> queueIds, HeldState state) {
        return store.setHeldState(id, queueIds, state);
    }

    static String top(Map<String, Long> domains) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(domains.entrySet());
        all.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < all.size() && k < TOP_DOMAINS; k++) {
            if (k > 0) {
                b.append(", ");
            }
            b.append(all.get(k).getKey()).append(' ').append(all.get(k).getValue());
        }
        return b.toString();
    }
}
