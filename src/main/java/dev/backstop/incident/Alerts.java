package dev.backstop.incident;

import dev.backstop.store.IncidentLog;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each alert to every notifier on a small executor of its own, never on the mail path, retrying a
 * failed notifier with exponential back-off ({@code backoff}, 2x, 4x, ... for {@code attempts} tries in all).
 * De-duplicated in the store: an incident alerts at most once per {@link AlertKind}, across restarts too (the
 * mark is written before sending, so a crash mid-send loses that alert rather than repeating it).
 */
public final class Alerts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    /** Alert sends waiting at most; past this a new alert is dropped (and logged) rather than queued unbounded. */
    static final int MAX_PENDING = 1_000;

    private final IncidentLog store;
    private final List<Notifier> notifiers;
    private final Clock clock;
    private final int attempts;
    private final long backoffMs;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public Alerts(IncidentLog store, List<Notifier> notifiers, Clock clock, int attempts, long backoffMs) {
        this.store = store;
        this.notifiers = List.copyOf(notifiers);
        this.clock = clock;
        this.attempts = Math.max(1, attempts);
        this.backoffMs = Math.max(1, backoffMs);
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "backstop-alerts");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Raises {@code kind} for the incident unless it was raised before; returns whether it was raised now.
     * Returns at once: the notifiers run on the alert executor.
     */
    public boolean raise(AlertKind kind, Incident incident) {
        if (!store.markAlerted(incident.id(), kind.label(), clock.instant())) {
            return false;
        }
        Alert alert = new Alert(kind, incident);
        log.info("incident={} alert {} for source {}", incident.id(), kind.label(), incident.source());
        for (Notifier n : notifiers) {
            schedule(n, alert, 1, 0);
        }
        return true;
    }

    private void schedule(Notifier n, Alert alert, int attempt, long delayMs) {
        if (executor.getQueue().size() >= MAX_PENDING) {
            failed.incrementAndGet();
            log.error("incident={} alert {} to {} dropped: {} alert sends already waiting", alert.incident().id(),
                    alert.kind().label(), n.name(), MAX_PENDING);
            return;
        }
        try {
            executor.schedule(() -> attempt(n, alert, attempt), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.warn("incident={} alert {} to {} not sent: alerts are shut down", alert.incident().id(),
                    alert.kind().label(), n.name());
        }
    }

    private void attempt(Notifier n, Alert alert, int attempt) {
        try {
            n.send(alert);
            delivered.incrementAndGet();
            log.info("incident={} alert {} sent to {} (attempt {})", alert.incident().id(), alert.kind().label(),
                    n.name(), attempt);
        } catch (Exception e) {
            if (attempt < attempts) {
                long delay = backoffMs << Math.min(20, attempt - 1);
                log.warn("incident={} alert {} to {} failed (attempt {} of {}), retrying in {} ms: {}",
                        alert.incident().id(), alert.kind().label(), n.name(), attempt, attempts, delay, e.toString());
                schedule(n, alert, attempt + 1, delay);
            } else {
                failed.incrementAndGet();
                log.error("incident={} alert {} to {} failed after {} attempts: {}", alert.incident().id(),
                        alert.kind().label(), n.name(), attempts, e.toString());
            }
        }
    }

    /** Notifier sends that succeeded. */
    public long delivered() {
        return delivered.get();
    }

    /** Notifier sends given up (attempts exhausted or queue full). */
    public long failed() {
        return failed.get();
    }

    /** Waits up to {@code millis} for pending sends (retries included), then stops. */
    public void close(long millis) {
        executor.shutdown();
        try {
            executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    @Override
    public void close() {
        close(5_000);
    }
}
