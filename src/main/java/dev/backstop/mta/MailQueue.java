package dev.backstop.mta;

import java.util.List;
import java.util.function.Predicate;

/**
 * Control of the MTA's queue: what containment does to a runaway source's mail. Every id is checked against the
 * MTA's strict queue id shape before any command runs; a batch with one bad id runs nothing
 * ({@link QueueResult.Refused}). Commands are argument lists, never shell lines, and have a timeout.
 */
public interface MailQueue {

    /** Largest batch for one command; larger ones are refused so a bug cannot feed millions of ids at once. */
    int MAX_BATCH = 100_000;

    /**
     * The refusal of a batch before any command runs: too many ids, or one without the queue id shape
     * {@code valid} checks; null when the batch may run.
     */
    static QueueResult.Refused refusal(List<String> ids, Predicate<String> valid) {
        if (ids.size() > MAX_BATCH) {
            return new QueueResult.Refused("batch of " + ids.size() + " ids is larger than " + MAX_BATCH, List.of());
        }
        List<String> bad = ids.stream().filter(id -> id == null || !valid.test(id))
                .map(id -> id == null ? "null" : LogDefects.excerpt(id)).toList();
        return bad.isEmpty() ? null : new QueueResult.Refused("not a queue id: " + String.join(", ", bad), bad);
    }

    /** Puts messages on hold (Postfix hold queue, Exim freeze): they stay queued and are not delivered. */
    QueueResult hold(List<String> queueIds);

    /** Releases held messages for delivery. */
    QueueResult release(List<String> queueIds);

    /** Deletes messages from the queue for good. */
    QueueResult delete(List<String> queueIds);

    /** Lists the queue, held messages included, up to the implementation's limit. */
    QueueListing list();

    /** Whether {@code id} has the shape of this MTA's queue ids. */
    boolean isQueueId(String id);
}
