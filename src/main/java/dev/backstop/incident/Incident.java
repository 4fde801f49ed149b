package dev.backstop.incident;

import dev.backstop.store.IncidentRecord;
import java.time.Instant;

/**
 * One containment incident: a source crossed a threshold and was frozen. Counts cover the messages since it
 * opened; {@code sample} is headers only.
 *
 * @param topDomains the most frequent recipient domains with counts, e.g. {@code gmail.com 12, yahoo.com 5}
 */
public record Incident(long id, String source, String reason, boolean open, Instant opened, Instant last,
                       long messages, long held, long recipients, long initialCount, String topDomains,
                       String subject, String sample, Instant resolved, String resolvedBy) {

    static Incident of(IncidentRecord r) {
        return new Incident(r.id(), r.source(), r.reason(), r.open(), r.opened(), r.last(), r.messages(), r.held(),
                r.recipients(), r.initialCount(), r.topDomains(), r.subject(), r.sample(), r.resolved(),
                r.resolvedBy());
    }

    IncidentRecord record() {
        return new IncidentRecord(id, source, reason, open, opened, last, messages, held, recipients, initialCount,
                topDomains, subject, sample, resolved, resolvedBy);
    }
}
