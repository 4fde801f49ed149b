package dev.backstop.mta;

import java.util.List;

/**
 * Control of the MTA's queue: what containment does to a runaway source's mail. Every id is checked against the
 * MTA's strict queue id shape before any command runs; a batch with one bad id runs nothing
 * ({@link QueueResult.Refused}). Commands are argument lists, never shell lines, and have a timeout.
 */
public interface MailQueue {

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
