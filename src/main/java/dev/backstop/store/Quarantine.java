package dev.backstop.store;

import java.util.List;
import java.util.Optional;

/** Messages Backstop held back, whole, with an index to find them again. */
public interface Quarantine {

    /** Stores the message and returns its index row (status {@code HELD}). */
    QuarantineItem put(QuarantineEntry entry);

    /** The index row and the raw message; the raw bytes are empty once the item was deleted. */
    Optional<QuarantinedMessage> get(long id);

    /** Index rows matching the query, newest first. */
    List<QuarantineItem> list(QuarantineQuery query);

    /**
     * Marks a held item released by {@code actor}. Returns false when the item does not exist or is not held
     * (so two admins releasing at once re-inject it only once). The caller re-injects the message.
     */
    boolean markReleased(long id, String actor);

    /** Deletes the raw message of a held item and marks it deleted; false when it is not held. */
    boolean delete(long id, String actor);

    /** Number of items in {@code status}. */
    long count(QuarantineStatus status);
}
