package dev.backstop.web;

import dev.backstop.store.HourlyCount;
import dev.backstop.store.QuarantineStatus;
import dev.backstop.store.Store;
import dev.backstop.outbound.Source;
import dev.backstop.store.SourceCount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus metrics. Verdict counts are read from the store's event log (the engine writes one
 * {@code verdict.*} event per bounce), incrementally at each scrape, so the engine needs no metrics hook; the
 * milter latency comes from a timing hook the daemon gives the milter ({@link #milterTimer()}).
 */
public final class WebMetrics {
    private static final Logger log = LoggerFactory.getLogger("backstop.web");
    /** Events younger than this are left for the next scrape, so one still being written is not skipped. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    /** More open incidents than this read as this many: the gauge says "a lot" without reading them all. */
    static final int MAX_OPEN_INCIDENTS = 10_000;
    static final List<String> VERDICTS = List.of("genuine", "backscatter", "unknown");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Store store;
    private final Clock clock;
    private final Timer milter;
    private final Counter storeErrors;
    private final Counter batvRejects;
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Counter> outbound = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> listenerActive = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> listenerUp = new ConcurrentHashMap<>();
    private Instant cursor;

    public WebMetrics(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.cursor = clock.instant();
        milter = Timer.builder("backstop.milter.end_of_message")
                .description("Time the engine took to decide on one message at the end of its milter session")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        storeErrors = Counter.builder("backstop.store.errors")
                .description("Store operations that failed, as seen by the dashboard and the metrics").register(registry);
        batvRejects = Counter.builder("backstop.batv.rejects")
                .description("Bounces rejected at RCPT for a bad, expired or missing BATV tag").register(registry);
        for (String v : VERDICTS) {
            verdict(v);
        }
        Gauge.builder("backstop.quarantine.held", this, WebMetrics::heldCount)
                .description("Messages held in the quarantine").register(registry);
        Gauge.builder("backstop.incidents.open", this, WebMetrics::openIncidents)
                .description("Open incidents of outbound containment").register(registry);
    }

    /** For the milter: the engine's end-of-message time in nanoseconds. */
    public LongConsumer milterTimer() {
        return nanos -> milter.record(nanos, TimeUnit.NANOSECONDS);
    }

    void storeError() {
        storeErrors.increment();
    }

    /** The Prometheus text exposition, after catching up with the event log and the listeners. */
    String scrape(List<ListenerStatus> listeners) {
        refresh();
        for (ListenerStatus l : listeners) {
            listenerActive.computeIfAbsent(l.name(), n -> gauge("backstop.listener.active_connections",
                    "Connections a listener serves now", n)).set(l.active());
            listenerUp.computeIfAbsent(l.name(), n -> gauge("backstop.listener.up",
                    "1 when the listener accepts connections", n)).set(l.up() ? 1 : 0);
        }
        return registry.scrape();
    }

    /** Adds the events since the last scrape to the counters. */
    synchronized void refresh() {
        Instant until = clock.instant().minus(SETTLE);
        if (!until.isAfter(cursor)) {
            return;
        }
        try {
            for (HourlyCount h : store.events().countPerHour(cursor, until)) {
                if (h.type().startsWith("verdict.")) {
                    verdict(h.type().substring("verdict.".length())).increment(h.count());
                } else if (h.type().equals("batv.reject")) {
                    batvRejects.increment(h.count());
                }
            }
            for (SourceCount c : store.ledger().countPerSource(cursor, until, Duration.ofHours(1), null)) {
                outbound(kind(c.source())).increment(c.count());
            }
            cursor = until;
        } catch (RuntimeException e) {
            storeError();
            log.warn("metrics: cannot read events: {}", e.toString());
        }
    }

    private Counter verdict(String v) {
        return verdicts.computeIfAbsent(v, k -> Counter.builder("backstop.verdicts").tag("verdict", k)
                .description("Bounce verdicts").register(registry));
    }

    private Counter outbound(String kind) {
        return outbound.computeIfAbsent(kind, k -> Counter.builder("backstop.outbound.messages").tag("kind", k)
                .description("Messages we sent (ledger rows), by the kind of their source").register(registry));
    }

    /** The kind of a ledger source such as {@code script 33:/var/www/form.php}; unknown for anything else. */
    static String kind(String source) {
        try {
            return Source.parse(source).kind().label();
        } catch (IllegalArgumentException e) {
            return Source.Kind.UNKNOWN.label();
        }
    }

    private AtomicInteger gauge(String name, String description, String listener) {
        AtomicInteger value = new AtomicInteger();
        Gauge.builder(name, value, AtomicInteger::get).tag("listener", listener).description(description)
                .register(registry);
        return value;
    }

    private double heldCount() {
        try {
            return store.quarantine().count(QuarantineStatus.HELD);
        } catch (RuntimeException e) {
            storeError();
            return Double.NaN;
        }
    }

    /** Read from the store, so incidents opened or resolved by the CLI count too. */
    private double openIncidents() {
        try {
            return store.incidents().list(true, MAX_OPEN_INCIDENTS).size();
        } catch (RuntimeException e) {
            storeError();
            return Double.NaN;
        }
    }
}
