package dev.backstop.bounce;

/**
 * One failed (or delayed, delivered, auto-replying) recipient of a bounce.
 *
 * @param address    the recipient address, lower-cased domain, never null (empty if not found)
 * @param status     enhanced status code such as {@code 5.1.1}, or empty
 * @param replyCode  SMTP reply code such as {@code 550}, or empty
 * @param reason     the reason in Sisimai's vocabulary
 * @param hard       true for a hard (permanent) bounce
 * @param action     the DSN action (failed, delayed, delivered...) or empty
 * @param remoteMta  the remote MTA that answered, or empty
 * @param diagnostic the diagnostic text, or empty
 */
public record BounceRecipient(
        String address,
        String status,
        String replyCode,
        Reason reason,
        boolean hard,
        String action,
        String remoteMta,
        String diagnostic) {}
