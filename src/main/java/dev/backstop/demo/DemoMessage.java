package dev.backstop.demo;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One message of the story as the MTA would hand it to a milter: who connects, the envelope, the headers and
 * the body. The factory methods write the shapes real servers send: RFC 3464 bounces, a bounce without the
 * original, an out-of-office reply, and a PHP contact form's mail.
 */
record DemoMessage(String clientHost, String clientIp, String sender, List<String> recipients,
                   List<Map.Entry<String, String>> headers, String body) {
    static final String LOCAL_HOST = "localhost";
    static final String LOCAL_IP = "127.0.0.1";
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    DemoMessage {
        recipients = List.copyOf(recipients);
        headers = List.copyOf(headers);
    }

    boolean local() {
        return clientIp.equals(LOCAL_IP);
    }

    static String date(ZonedDateTime t) {
        return DATE.format(t.withZoneSameInstant(ZoneOffset.UTC));
    }

    /** Mail a local user (uid) submits through sendmail, as Postfix's pickup hands it to non_smtpd_milters. */
    static DemoMessage outgoing(int uid, String from, String to, String subject, String messageId, ZonedDateTime t,
                                String queueId, String phpScript, String body) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        h.add(Map.entry("Received", "by " + DemoZone.RELAY_HOST + " (Postfix, from userid " + uid + ")\r\n\tid "
                + queueId + "; " + date(t)));
        if (phpScript != null) {
            h.add(Map.entry("X-PHP-Originating-Script", uid + ":" + phpScript));
        }
        h.add(Map.entry("From", from));
        h.add(Map.entry("To", to));
        h.add(Map.entry("Subject", subject));
        h.add(Map.entry("Date", date(t)));
        h.add(Map.entry("Message-ID", messageId));
        h.add(Map.entry("MIME-Version", "1.0"));
        h.add(Map.entry("Content-Type", "text/plain; charset=utf-8"));
        return new DemoMessage(LOCAL_HOST, LOCAL_IP, from, List.of(to), h, body);
    }

    /**
     * A Postfix-style RFC 3464 bounce from a remote server, quoting the original's headers.
     *
     * @param envelopeTo where the bounce is addressed (the original's envelope sender, BATV tag and all)
     * @param quoted     the original's header block, CRLF separated
     */
    static DemoMessage dsn(String reporter, String reporterIp, String envelopeTo, String headerTo, String failed,
                           String status, String diagnostic, String quoted, ZonedDateTime t, String id) {
        String boundary = "=_" + id;
        List<Map.Entry<String, String>> h = new ArrayList<>();
        h.add(Map.entry("From", "MAILER-DAEMON@" + reporter + " (Mail Delivery System)"));
        h.add(Map.entry("To", headerTo));
        h.add(Map.entry("Subject", "Undelivered Mail Returned to Sender"));
        h.add(Map.entry("Date", date(t)));
        h.add(Map.entry("Message-ID", "<" + id + "@" + reporter + ">"));
        h.add(Map.entry("Auto-Submitted", "auto-replied"));
        h.add(Map.entry("MIME-Version", "1.0"));
        h.add(Map.entry("Content-Type", "multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\""));
        String body = "This is a MIME-encapsulated message.\r\n\r\n--" + boundary + "\r\n"
                + "Content-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "This is the mail system at host " + reporter + ".\r\n\r\n"
                + "I'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.\r\n\r\n"
                + "<" + failed + ">: host " + reporter + "[" + reporterIp + "] said: " + diagnostic + "\r\n\r\n--"
                + boundary + "\r\nContent-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; " + reporter + "\r\nArrival-Date: " + date(t.minusMinutes(1)) + "\r\n\r\n"
                + "Final-Recipient: rfc822; " + failed + "\r\nOriginal-Recipient: rfc822;" + failed + "\r\n"
                + "Action: failed\r\nStatus: " + status + "\r\nRemote-MTA: dns; " + reporter + "\r\n"
                + "Diagnostic-Code: smtp; " + diagnostic + "\r\n\r\n--" + boundary + "\r\n"
                + "Content-Description: Undelivered Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                + quoted + "\r\n\r\n--" + boundary + "--\r\n";
        return new DemoMessage(reporter, reporterIp, "", List.of(envelopeTo), h, body);
    }

    /** A bounce in plain text that quotes nothing of the original: nobody can tell whose mail it answers. */
    static DemoMessage bareBounce(String reporter, String reporterIp, String to, String failed, ZonedDateTime t,
                                  String id) {
        List<Map.Entry<String, String>> h = List.of(
                Map.entry("From", "Mail Delivery Subsystem <mailer-daemon@" + reporter + ">"),
                Map.entry("To", to), Map.entry("Subject", "Mail delivery failed: returning message to sender"),
                Map.entry("Date", date(t)), Map.entry("Message-ID", "<" + id + "@" + reporter + ">"));
        String body = "This message was created automatically by mail delivery software.\r\n\r\n"
                + "A message that you sent could not be delivered to one or more of its\r\n"
                + "recipients. This is a permanent error. The following address(es) failed:\r\n\r\n  " + failed
                + "\r\n    mailbox is full: retry timeout exceeded\r\n";
        return new DemoMessage(reporter, reporterIp, "", List.of(to), h, body);
    }

    /** An out-of-office reply that says which message it answers. */
    static DemoMessage autoReply(String replier, String replierHost, String replierIp, String to, String inReplyTo,
                                 ZonedDateTime t, String id) {
        List<Map.Entry<String, String>> h = List.of(
                Map.entry("From", replier), Map.entry("To", to),
                Map.entry("Subject", "Automatic reply: Out of office until Monday"), Map.entry("Date", date(t)),
                Map.entry("Message-ID", "<" + id + "@" + replierHost + ">"), Map.entry("In-Reply-To", inReplyTo),
                Map.entry("References", inReplyTo), Map.entry("Auto-Submitted", "auto-replied"),
                Map.entry("X-Autoreply", "yes"));
        return new DemoMessage(replierHost, replierIp, "", List.of(to), h,
                "I am out of the office until Monday and will read your message when I return.\r\n");
    }

    /** The header block of an original message, as a bounce quotes it. */
    static String quoted(List<String> received, String from, String to, String subject, String messageId,
                         ZonedDateTime t) {
        StringBuilder b = new StringBuilder();
        for (String r : received) {
            b.append("Received: ").append(r).append("\r\n");
        }
        return b.append("From: ").append(from).append("\r\nTo: ").append(to).append("\r\nSubject: ").append(subject)
                .append("\r\nDate: ").append(date(t)).append("\r\nMessage-ID: ").append(messageId).toString();
    }
}
