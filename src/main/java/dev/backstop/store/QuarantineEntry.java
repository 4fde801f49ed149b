package dev.backstop.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message to quarantine.
 *
 * @param envelopeSender the envelope sender, empty for the null sender
 * @param messageId      the Message-ID, or null
 * @param subject        the decoded subject, or null
 * @param verdict        the verdict name, e.g. {@code unknown} or {@code backscatter}
 * @param evidence       a short machine-readable summary of the evidence (JSON text)
 * @param raw            the whole message as received
 */
public record QuarantineEntry(Instant time, String envelopeSender, List<String> recipients, String messageId,
                              String subject, String verdict, String evidence, byte[] raw) {
    public QuarantineEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(envelopeSender, "envelopeSender");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(raw, "raw");
        recipients = List.copyOf(recipients);
        evidence = evidence == null ? "" : evidence;
    }
}
