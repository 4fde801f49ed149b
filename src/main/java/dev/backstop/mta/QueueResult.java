package dev.backstop.mta;

import java.util.List;

/** What a queue command came to. Turned into a CLI message or an incident's action record by the caller. */
public sealed interface QueueResult {

    /**
     * The MTA's tool ran and exited 0. {@code affected} is the count the tool reported ("Placed on hold: 3
     * messages") or -1 when it reported none; ids that were no longer queued are not an error.
     */
    record Done(String action, int requested, int affected, String output) implements QueueResult {}

    /** Nothing ran: an id did not have the strict shape of a queue id, or the batch was too large. */
    record Refused(String reason, List<String> rejectedIds) implements QueueResult {
        public Refused {
            rejectedIds = List.copyOf(rejectedIds);
        }
    }

    /** The tool failed, could not be started or timed out ({@code exitCode} -1); {@code stderr} says why. */
    record Failed(String action, int exitCode, String stderr) implements QueueResult, QueueListing {}

    default boolean ok() {
        return this instanceof Done;
    }
}
