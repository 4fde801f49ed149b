package dev.backstop.mta;

import java.time.Instant;
import java.util.List;

/**
 * One message in the MTA's queue.
 *
 * @param queue      Postfix: {@code maildrop}, {@code incoming}, {@code active}, {@code deferred} or
 *                   {@code hold}; Exim: {@code frozen} or {@code queued}
 * @param sender     the envelope sender, empty for the null sender
 * @param recipients the recipients not yet delivered
 * @param size       bytes (Exim lists it rounded, e.g. 2.9K)
 */
public record QueuedMessage(String queueId, String queue, String sender, List<String> recipients, Instant arrival,
        long size) {

    public QueuedMessage {
        recipients = List.copyOf(recipients);
    }

    /** On hold (Postfix) or frozen (Exim): it will not be delivered until released. */
    public boolean held() {
        return queue.equals("hold") || queue.equals("frozen");
    }
}
