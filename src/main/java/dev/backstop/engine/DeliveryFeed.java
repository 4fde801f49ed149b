package dev.backstop.engine;

import dev.backstop.mta.DeliveryOutcome;
import dev.backstop.mta.DeliveryTracker;
import dev.backstop.mta.Submission;
import dev.backstop.mta.MailQueue;
import dev.backstop.mta.QueueResult;
import dev.backstop.outbound.Containment;
import dev.backstop.outbound.ContainmentAction;
import dev.backstop.outbound.ContainmentDecision;
import dev.backstop.outbound.ContentFingerprint;
import dev.backstop.outbound.OutgoingMessage;
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
    private final MailQueue queue;

    /**
     * @param queue the MTA's queue, to hold a contained source's mail that only the log shows; null when the
     *              milter sees every message (the default), so log submissions are not counted twice
     */
    public DeliveryFeed(Store store, Containment containment, MailQueue queue) {
        this.store = store;
        this.containment = containment;
        this.queue = queue;
    }

    @Override
    public void submission(Submission s) {
        if (queue == null || s.sender().isEmpty() || s.queueId().isEmpty()) {
            return;
        }
        try {
            if (!store.ledger().byQueueId(s.queueId()).isEmpty()) {
                return; // the milter saw and counted it
            }
        } catch (RuntimeException e) {
            log.warn("queue_id={} ledger lookup failed: {}", s.queueId(), e.toString());
        }
        // Without a milter the recipients are not known yet: the message counts, the distinct-recipient signals
        // do not; the policy's message thresholds still contain a runaway script.
        ContainmentDecision d = containment.observe(new OutgoingMessage(LogSources.of(s), s.sender(), List.of(), "",
                ContentFingerprint.of("", ""), s.queueId(), s.time(), ""));
        if (d.action() != ContainmentAction.ACCEPT && queue.isQueueId(s.queueId())) {
            QueueResult r = queue.hold(List.of(s.queueId()));
            log.info("queue_id={} held from the log ({}): {}", s.queueId(), d.reason(), r);
        }
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
            containment.delivery(source, outcome(o.status()));
        }
    }

    /** The log's delivery status as containment counts it. */
    public static dev.backstop.outbound.DeliveryOutcome outcome(dev.backstop.mta.DeliveryStatus status) {
        return switch (status) {
            case SENT -> dev.backstop.outbound.DeliveryOutcome.SENT;
            case DEFERRED -> dev.backstop.outbound.DeliveryOutcome.DEFERRED;
            case BOUNCED -> dev.backstop.outbound.DeliveryOutcome.BOUNCED;
        };
    }
}
