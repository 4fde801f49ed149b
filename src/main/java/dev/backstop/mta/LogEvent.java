package dev.backstop.mta;

import java.time.Instant;

/**
 * One mail log line that matters to Backstop, as a type. Postfix and Exim lines map onto the same events so the
 * {@link DeliveryTracker} and the engine need not know which MTA wrote them. Every event carries the time the
 * line was written (from its timestamp), the host that wrote it (empty when the format has none) and the MTA's
 * queue id; fields a line does not carry are empty strings (or -1 for numbers), never null.
 */
public sealed interface LogEvent {

    Instant time();

    String host();

    String queueId();

    /**
     * Postfix pickup took a locally submitted message ({@code sendmail}, PHP {@code mail()}): {@code uid} is the
     * submitting user's numeric id.
     */
    record LocalPickup(Instant time, String host, String queueId, long uid, String sender) implements LogEvent {}

    /** Postfix smtpd accepted a message from an SMTP client, with its SASL login when there was one. */
    record ClientSubmission(Instant time, String host, String queueId, String clientName, String clientIp,
            String saslMethod, String saslUser) implements LogEvent {}

    /** The message's Message-ID header (Postfix cleanup). */
    record MessageIdSeen(Instant time, String host, String queueId, String messageId) implements LogEvent {}

    /** Postfix qmgr took the message into the active queue: the envelope sender (empty for {@code <>}). */
    record QueueActive(Instant time, String host, String queueId, String sender, long size, int recipients)
            implements LogEvent {}

    /**
     * An Exim arrival ({@code <=}): everything Exim knows about the submission in one line. {@code localUser}
     * is {@code U=}, {@code protocol} is {@code P=} ({@code local}, {@code esmtpa}, ...), {@code authenticator}
     * and {@code authUser} come from {@code A=dovecot_login:alice}, {@code pid} is the {@code [pid]} that
     * {@code log_selector = +pid} adds (or -1), {@code bounceOf} the {@code R=} reference of a bounce Exim
     * generated (the id of the message that failed).
     */
    record Arrival(Instant time, String host, String queueId, String sender, String localUser, String protocol,
            String authenticator, String authUser, String clientName, String clientIp, String messageId,
            long size, String subject, long pid, String bounceOf) implements LogEvent {}

    /**
     * Exim's {@code cwd=/var/www/shop 3 args: /usr/sbin/sendmail -t -i} line (log_selector {@code +arguments}),
     * written before the arrival it belongs to and without a queue id: the script's directory and command.
     */
    record WorkingDirectory(Instant time, String host, String queueId, String cwd, String arguments, long pid)
            implements LogEvent {}

    /**
     * A delivery attempt for one recipient. {@code origRecipient} is Postfix's {@code orig_to} (or Exim's
     * parent address), {@code relay} the remote host or transport, {@code dsn} the enhanced status code when
     * logged, {@code detail} the text in parentheses (Postfix) or the error (Exim).
     */
    record Delivery(Instant time, String host, String queueId, String recipient, String origRecipient,
            String relay, DeliveryStatus status, String dsn, String detail) implements LogEvent {}

    /** The message left the queue: delivered, bounced, expired or deleted ({@code postsuper -d}, Exim Completed). */
    record Removed(Instant time, String host, String queueId) implements LogEvent {}

    /** The message was put on hold (Postfix hold queue, an access or milter HOLD, {@code postsuper -h}; Exim freeze). */
    record Held(Instant time, String host, String queueId, String reason) implements LogEvent {}

    /** The message was released from hold ({@code postsuper -H}; Exim thaw). */
    record Released(Instant time, String host, String queueId) implements LogEvent {}

    /** The MTA generated a non-delivery notification for {@code queueId}, queued as {@code bounceQueueId}. */
    record BounceCreated(Instant time, String host, String queueId, String bounceQueueId) implements LogEvent {}
}
