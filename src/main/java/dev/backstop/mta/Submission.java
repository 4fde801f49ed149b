package dev.backstop.mta;

import java.time.Instant;

/**
 * Who put a message into the queue, as far as the mail log tells: what containment attributes a message to when
 * no milter saw it (cPanel's Exim), and what the engine joins to its ledger by queue id. Unknown fields are empty
 * strings, or -1 for the uid.
 *
 * @param uid        the submitting user's numeric id (Postfix pickup {@code uid=}), or -1
 * @param localUser  the submitting user's name (Exim {@code U=}), or empty
 * @param cwd        the working directory of the submitting process (Exim {@code cwd=}, e.g. the PHP script's
 *                   directory), or empty
 * @param command    the submitting command line (Exim {@code N args: ...}), or empty
 * @param protocol   Exim's {@code P=} ({@code local}, {@code esmtpa}, ...), Postfix: {@code local} for pickup,
 *                   {@code smtp} for smtpd
 * @param saslUser   the SMTP AUTH login (Postfix {@code sasl_username}, Exim {@code A=authenticator:user})
 * @param bounceOf   for a bounce the MTA generated itself: the queue id of the message it bounces, else empty
 */
public record Submission(Instant time, String host, String queueId, String sender, long uid, String localUser,
        String cwd, String command, String protocol, String saslUser, String clientIp, String clientName,
        String messageId, String bounceOf) {}
