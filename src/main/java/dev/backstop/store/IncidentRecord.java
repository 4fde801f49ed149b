package dev.backstop.store;

import java.time.Instant;

/**
 * One containment incident as stored.
 *
 * @param id           assigned by the store ({@code 0} before {@link IncidentLog#open})
 * @param source       the contained source, as printed
 * @param reason       the threshold crossed, e.g. {@code distinct_recipients_10m 21 > 20}
 * @param open         false once resolved
 * @param messages     messages from the source since the incident opened (the first included)
 * @param held         of those, how many were held
 * @param recipients   recipients of those messages
 * @param initialCount messages in the window when the threshold was crossed; escalation is measured against it
 * @param topDomains   the most frequent recipient domains, e.g. {@code gmail.com 12, yahoo.com 5}
 * @param subject      the subject of the first message, bounded
 * @param sample       headers of the first message, bounded; never a body
 */
public record IncidentRecord(long id, String source, String reason, boolean open, Instant opened, Instant last,
                             long messages, long held, long recipients, long initialCount, String topDomains,
                             String subject, String sample, Instant resolved, String resolvedBy) {
}
