package dev.backstop.store;

import java.time.Instant;
import java.util.Objects;

/**
 * How delivery of one recipient of one queued message ended, as the mail log or a genuine bounce told us.
 *
 * @param dsn    the enhanced status code such as {@code 5.1.1}, or null
 * @param detail the remote reply or reason text, or null
 */
public record Delivery(String queueId, String recipient, DeliveryStatus status, String dsn, String detail,
                       Instant time) {
    public Delivery {
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(time, "time");
    }
}
