package dev.backstop.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message we sent, as recorded in the ledger.
 *
 * @param queueId        the MTA's queue id, or null when not known yet
 * @param messageId      the Message-ID header value, with or without angle brackets; null when absent
 * @param envelopeSender the envelope sender as it left (BATV-signed or not); empty for the null sender
 * @param unsignedSender the envelope sender before signing; equals {@code envelopeSender} when unsigned
 * @param recipients     envelope recipients, at least one
 * @param source         who sent it, e.g. {@code script www-data:/var/www/shop/contact.php}
 * @param time           when it was accepted
 * @param dkimSignature  the {@code b=} value of our DKIM signature, or null
 */
public record SentMessage(String queueId, String messageId, String envelopeSender, String unsignedSender,
                          List<String> recipients, String source, Instant time, String dkimSignature) {
    public SentMessage {
        Objects.requireNonNull(envelopeSender, "envelopeSender");
        Objects.requireNonNull(unsignedSender, "unsignedSender");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a sent message has at least one recipient");
        }
    }
}
