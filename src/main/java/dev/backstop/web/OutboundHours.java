package dev.backstop.web;

import dev.backstop.store.SourceCount;
import dev.backstop.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outbound messages per source and hour over the last {@value #HOURS} hours, counted from the ledger (every
 * message we sent, held ones included): the overview's chart of the busiest sources and the sources' sparklines.
 */
final class OutboundHours {
    static final int HOURS = 24;
    /** How many sources the overview's chart shows by name. */
    static final int TOP_SOURCES = 5;
    /** The series that adds up every source outside the top ones. */
    static final String OTHER = "other sources";

    final List<Instant> hours;
    private final Map<String, long[]> perSource;

    private OutboundHours(List<Instant> hours, Map<String, long[]> perSource) {
        this.hours = hours;
        this.perSource = perSource;
    }

    static OutboundHours last24h(Store store, Instant now) {
        Instant first = now.truncatedTo(ChronoUnit.HOURS).minus(HOURS - 1, ChronoUnit.HOURS);
        List<Instant> hours = new ArrayList<>(HOURS);
        for (int i = 0; i < HOURS; i++) {
            hours.add(first.plus(i, ChronoUnit.HOURS));
        }
        Map<String, long[]> per = new HashMap<>();
        for (SourceCount c : store.ledger().countPerSource(first, now.plusSeconds(1), Duration.ofHours(1), null)) {
            int i = (int) ChronoUnit.HOURS.between(first, c.start());
            if (i >= 0 && i < HOURS) {
                per.computeIfAbsent(c.source(), k -> new long[HOURS])[i] += c.count();
            }
        }
        return new OutboundHours(List.copyOf(hours), per);
    }

    /** One source's counts, oldest hour first; zeros when it sent nothing in the window. */
    long[] of(String source) {
        return perSource.getOrDefault(source, new long[HOURS]).clone();
    }

    /** The {@code n} sources that sent most in the window, busiest first (ties by name). */
    List<String> top(int n) {
        return perSource.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -sum(e.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .limit(n).map(Map.Entry::getKey).toList();
    }

    /** Per hour: the count of each of {@code top}, and {@link #OTHER} for the rest when there is any. */
    Map<Instant, Map<String, Long>> stacked(List<String> top) {
        Map<Instant, Map<String, Long>> out = new LinkedHashMap<>();
        for (int i = 0; i < HOURS; i++) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (String s : top) {
                row.put(s, 0L);
            }
            for (Map.Entry<String, long[]> e : perSource.entrySet()) {
                long n = e.getValue()[i];
                if (n > 0) {
                    row.merge(top.contains(e.getKey()) ? e.getKey() : OTHER, n, Long::sum);
                }
            }
            out.put(hours.get(i), row);
        }
        return out;
    }

    static long sum(long[] values) {
        long n = 0;
        for (long v : values) {
            n += v;
        }
        return n;
    }
}
