package dev.backstop.engine;

import dev.backstop.incident.Incident;
import dev.backstop.mta.MailQueue;
import dev.backstop.mta.QueueResult;
import dev.backstop.outbound.Containment;
import dev.backstop.store.HeldState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an admin does to an incident (purge or release its held mail, unfreeze its source), shared by the CLI and
 * the dashboard. The MTA acts first; the incident records the change (and the audit log the actor) only when the
 * MTA's tool succeeded, so a failed purge never marks mail as gone that is still queued.
 */
public final class IncidentActions {
    private final Containment containment;
    private final MailQueue queue;

    /** What an action came to: ok or not, and a sentence for the admin. */
    public record Outcome(boolean ok, String message) {
        public Outcome {
            Objects.requireNonNull(message, "message");
        }
    }

    public IncidentActions(Containment containment, MailQueue queue) {
        this.containment = Objects.requireNonNull(containment, "containment");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** Deletes all of the incident's held mail from the MTA's queue. */
    public Outcome purge(long incidentId, String actor) {
        Optional<Incident> i = containment.incident(incidentId);
        if (i.isEmpty()) {
            return new Outcome(false, "no incident " + incidentId);
        }
        return queueAction(i.get(), containment.heldQueueIds(incidentId), HeldState.PURGED, actor);
    }

    /** Releases the incident's held mail: all of it when {@code only} is empty, else those ids (each must be held). */
    public Outcome release(long incidentId, List<String> only, String actor) {
        Optional<Incident> i = containment.incident(incidentId);
        if (i.isEmpty()) {
            return new Outcome(false, "no incident " + incidentId);
        }
        List<String> held = containment.heldQueueIds(incidentId);
        List<String> ids = only == null || only.isEmpty() ? held : List.copyOf(only);
        for (String q : ids) {
            if (!held.contains(q)) {
                return new Outcome(false, q + " is not held for incident " + incidentId);
            }
        }
        return queueAction(i.get(), ids, HeldState.RELEASED, actor);
    }

    /** Resolves the incident and lets its source send again; its held mail stays held. */
    public Outcome unfreeze(long incidentId, String actor) {
        Optional<Incident> i = containment.resolve(incidentId, actor);
        if (i.isEmpty()) {
            return new Outcome(false, "no open incident " + incidentId);
        }
        return new Outcome(true, "incident " + incidentId + " resolved; " + i.get().source() + " may send again");
    }

    private Outcome queueAction(Incident i, List<String> ids, HeldState state, String actor) {
        if (ids.isEmpty()) {
            return new Outcome(true, "incident " + i.id() + ": nothing held");
        }
        QueueResult r = state == HeldState.PURGED ? queue.delete(ids) : queue.release(ids);
        if (r instanceof QueueResult.Done d) {
            containment.queueAction(i.id(), ids, state, actor);
            return new Outcome(true, "incident " + i.id() + ": " + (state == HeldState.PURGED ? "purged " : "released ")
                    + ids.size() + " held message(s)" + (d.affected() >= 0 ? " (the MTA reports " + d.affected() + ")" : ""));
        }
        if (r instanceof QueueResult.Refused f) {
            return new Outcome(false, "refused, nothing done: " + f.reason());
        }
        QueueResult.Failed f = (QueueResult.Failed) r;
        return new Outcome(false, f.action() + " failed (exit " + f.exitCode() + "): " + f.stderr());
    }
}
