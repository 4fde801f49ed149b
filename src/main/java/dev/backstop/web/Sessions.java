package dev.backstop.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live sessions, in memory (a restart logs everyone out). A session ends after {@link #IDLE} without a
 * request or {@link #ABSOLUTE} after login, whichever comes first; at most {@link #MAX} live at once, the
 * least recently used one goes first.
 */
final class Sessions {
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    static final int MAX = 64;

    private final Clock clock;
    private final Tokens tokens;
    /** Access-ordered: the eldest entry is the least recently used session. */
    private final LinkedHashMap<String, Entry> live = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Entry {
        final Session session;
        Instant lastSeen;

        Entry(Session session, Instant lastSeen) {
            this.session = session;
            this.lastSeen = lastSeen;
        }
    }

    Sessions(Clock clock, Tokens tokens) {
        this.clock = clock;
        this.tokens = tokens;
    }

    /** A new session with fresh id and CSRF token (never reuses one sent before login: no fixation). */
    synchronized Session create(String actor) {
        Instant now = clock.instant();
        expire(now);
        while (live.size() >= MAX) {
            Iterator<String> eldest = live.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        Session s = new Session(tokens.next(), tokens.next(), actor, now);
        live.put(s.id(), new Entry(s, now));
        return s;
    }

    /** The live session with this id, touching it; empty when unknown or expired. */
    synchronized Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry e = live.get(id);
        if (e == null) {
            return Optional.empty();
        }
        if (expired(e, now)) {
            live.remove(id);
            return Optional.empty();
        }
        e.lastSeen = now;
        return Optional.of(e.session);
    }

    synchronized void end(String id) {
        if (id != null) {
            live.remove(id);
        }
    }

    synchronized int size() {
        expire(clock.instant());
        return live.size();
    }

    private void expire(Instant now) {
        live.values().removeIf(e -> expired(e, now));
    }

    private static boolean expired(Entry e, Instant now) {
        return !now.isBefore(e.lastSeen.plus(IDLE)) || !now.isBefore(e.session.created().plus(ABSOLUTE));
    }

    /** For the overview: nothing secret. */
    synchronized Map<String, Object> describe() {
        return Map.of("live", live.size(), "idle_minutes", IDLE.toMinutes(), "absolute_hours", ABSOLUTE.toHours());
    }
}
