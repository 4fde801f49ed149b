package dev.backstop.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Containment incidents, the queue ids they hold and the alerts already sent for them. */
public interface IncidentLog {

    /** Stores a new open incident and returns its id. */
    long open(IncidentRecord incident);

    /** Updates the counts, last time, top domains of an incident; counts only ever grow (an older copy never wins). */
    void update(IncidentRecord incident);

    /** Marks an incident resolved; false when it was not open. */
    boolean resolve(long id, String actor, Instant at);

    Optional<IncidentRecord> get(long id);

    /** Newest first; only open ones when {@code openOnly}. */
    List<IncidentRecord> list(boolean openOnly, int limit);

    /** Records the queue id of a message held for the incident; a repeated id is ignored. */
    void addHeld(long incidentId, String queueId, Instant at);

    /** Queue ids in {@code state}, oldest first. */
    List<String> queueIds(long incidentId, HeldState state);

    /** Moves queue ids (of this incident) to {@code state}; returns how many changed. */
    int setHeldState(long incidentId, Collection<String> queueIds, HeldState state);

    /** Remembers that the alert {@code kind} was sent; false when it already had been (do not send again). */
    boolean markAlerted(long incidentId, String kind, Instant at);
}
