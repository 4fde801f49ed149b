package dev.backstop.mta;

import java.util.List;

/** The result of listing a queue: the messages, or {@link QueueResult.Failed}. */
public sealed interface QueueListing permits QueueListing.Listed, QueueResult.Failed {

    /** The queued messages; {@code truncated} when there were more than the listing limit. */
    record Listed(List<QueuedMessage> messages, boolean truncated) implements QueueListing {
        public Listed {
            messages = List.copyOf(messages);
        }
    }
}
