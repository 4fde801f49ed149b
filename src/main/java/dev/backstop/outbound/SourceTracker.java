package dev.backstop.outbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counters of every source seen recently, in memory only, bounded: at most {@code maxSources} sources,
 * evicting the least recently active one (an idle source forgets its counts, which only makes it look new).
 * One lock: each call is a few hundred nanoseconds of arithmetic, shorter than any contention it could cause.
 */
final class SourceTracker {
    private final int maxSources;
    private final int distinctCap;
    private final int contentCap;
    private final long baseMillis;
    private long evicted;
    private final LinkedHashMap<String, SourceCounters> sources;

    SourceTracker(int maxSources, int distinctCap, int contentCap, long baseMillis) {
        this.maxSources = maxSources;
        this.distinctCap = distinctCap;
        this.contentCap = contentCap;
        this.baseMillis = baseMillis;
        this.sources = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SourceCounters> eldest) {
                if (size() > SourceTracker.this.maxSources) {
                    evicted++;
                    return true;
                }
                return false;
            }
        };
    }

    synchronized SourceStats message(String source, long now, List<String> recipients, long fingerprint) {
        SourceCounters c = sources.computeIfAbsent(source, s -> new SourceCounters(now, distinctCap, contentCap));
        int sec = seconds(now);
        c.message(now, sec, recipients, fingerprint);
        return c.stats(source, now, sec);
    }

    synchronized SourceStats delivery(String source, long now, DeliveryOutcome outcome) {
        SourceCounters c = sources.computeIfAbsent(source, s -> new SourceCounters(now, distinctCap, contentCap));
        c.delivery(now, outcome);
        return c.stats(source, now, seconds(now));
    }

    /** The stats of a tracked source, or null; does not count as activity. */
    synchronized SourceStats stats(String source, long now) {
        SourceCounters c = sources.getOrDefault(source, null);
        return c == null ? null : c.stats(source, now, seconds(now));
    }

    /** Every tracked source, most recently active first, at most {@code limit}. */
    synchronized List<SourceStats> all(long now, int limit) {
        List<SourceStats> out = new ArrayList<>();
        for (Map.Entry<String, SourceCounters> e : sources.entrySet()) {
            out.add(e.getValue().stats(e.getKey(), now, seconds(now)));
        }
        java.util.Collections.reverse(out);
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    /** Forgets a source's counts: after an admin unfreezes it, it starts afresh. */
    synchronized void reset(String source) {
        sources.remove(source);
    }

    synchronized int size() {
        return sources.size();
    }

    synchronized long evicted() {
        return evicted;
    }

    /** Estimated bytes held by the counters (not the map's own entries), for the memory bound. */
    synchronized long sizeBytes() {
        long n = 0;
        for (Map.Entry<String, SourceCounters> e : sources.entrySet()) {
            n += 64 + 40 + 2L * e.getKey().length() + e.getValue().sizeBytes();
        }
        return n;
    }

    private int seconds(long now) {
        return (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, (now - baseMillis) / 1000));
    }
}
