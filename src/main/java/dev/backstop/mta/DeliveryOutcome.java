package dev.backstop.mta;

import java.time.Instant;
import java.util.Optional;

/**
 * What became of one recipient of one queued message, joined with the message's {@link Submission} when the
 * tracker saw it arrive (it did not when the log reader started after the arrival). {@code recipient} is empty
 * when Postfix returned a whole message as expired.
 */
public record DeliveryOutcome(Instant time, String host, String queueId, String recipient, String origRecipient,
        DeliveryStatus status, String dsn, String detail, String relay, Optional<Submission> submission) {}
