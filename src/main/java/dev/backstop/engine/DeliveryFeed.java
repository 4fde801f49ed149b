package dev.backstop.engine;

import dev.backstop.mta.DeliveryOutcome;
import dev.backstop.mta.DeliveryTracker;
import dev.backstop.mta.Submission;
import dev.backstop.outbound.Containment;
import dev.backstop.store.Delivery;
import dev.backstop.store.DeliveryStatus;
import dev.backstop.store.LedgerEntry;
import dev.backstop.store.Store;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the mail log says became of each message: the outcome is written to the ledger beside the message it
 * belongs to (by queue id), and a bounce or deferral counts against the source that sent it, the source the
 * milter recorded in the ledger or, without a ledger row, the one the log itself names.
 */
public final class DeliveryFeed implements DeliveryTracker.Listener {
    private static final Logger log = LoggerFactory.getLogger(DeliveryFeed.class);

    private final Store store;
    private final Containment containment;

    public DeliveryFeed(Store store, Containment containment) {
        this.store = store;
        this.containment = containment;
    }

    @Override
    public void submission(Submission s) {
        // Submissions are attributed by the milter when it is attached; the log is the fallback source below.
    }

    @Override
    public void outcome(DeliveryOutcome o) {
        DeliveryStatus status = switch (o.status()) {
            case SENT -> DeliveryStatus.SENT;
            case DEFERRED -> DeliveryStatus.DEFERRED;
            case BOUNCED -> DeliveryStatus.BOUNCED;
        };
        String source = null;
        try {
            if (!o.queueId().isEmpty() && !o.recipient().isEmpty()) {
                store.ledger().recordDelivery(new Delivery(o.queueId(), o.recipient(), status, o.dsn(),
                        o.detail().length() > 500 ? o.detail().substring(0, 500) : o.detail(), o.time()));
            }
            List<LedgerEntry> rows = o.queueId().isEmpty() ? List.of() : store.ledger().byQueueId(o.queueId());
            if (!rows.isEmpty()) {
                source = rows.get(0).message().source();
            }
        } catch (RuntimeException e) {
            log.warn("queue_id={} could not record the delivery outcome: {}", o.queueId(), e.toString());
        }
        if (source == null && o.submission().isPresent()) {
            source = LogSources.of(o.submission().get()).toString();
        }
        if (source != null) {
            containment.delivery(source, switch (o.status()) {
                case SENT -> dev.backstop.outbound.DeliveryOutcome.SENT;
                case DEFERRED -> dev.backstop.outbound.DeliveryOutcome.DEFERRED;
                case BOUNCED -> dev.backstop.outbound.DeliveryOutcome.BOUNCED;
            });
        }
    }
}
