package dev.backstop.store;

import java.time.Instant;
import java.util.List;

/**
 * The index row of a quarantined message.
 *
 * @param releasedBy who released or deleted it, null while held
 * @param releasedAt when it was released or deleted, null while held
 */
public record QuarantineItem(long id, Instant time, String envelopeSender, List<String> recipients,
                             String messageId, String subject, String verdict, String evidence, long size,
                             QuarantineStatus status, String releasedBy, Instant releasedAt) {
    public QuarantineItem {
        recipients = List.copyOf(recipients);
    }
}
