package dev.backstop.outbound;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What containment looks at for one outgoing message. Never the body: only its {@link ContentFingerprint}.
 *
 * @param source      who sent it
 * @param sender      the envelope sender, empty for the null sender
 * @param recipients  envelope recipients (at most {@value #MAX_RECIPIENTS} are looked at)
 * @param subject     the Subject header, bounded to {@value #MAX_SUBJECT} characters
 * @param fingerprint {@link ContentFingerprint#finish()} of subject and body
 * @param queueId     the MTA's queue id, empty when unknown
 * @param time        when it was received
 * @param headers     a sample of the headers (name: value lines), bounded to {@value #MAX_HEADERS} characters;
 *                    kept with an incident for the admin; may be empty
 */
public record OutgoingMessage(Source source, String sender, List<String> recipients, String subject, long fingerprint,
                              String queueId, Instant time, String headers) {
    public static final int MAX_RECIPIENTS = 10_000;
    public static final int MAX_SUBJECT = 200;
    public static final int MAX_HEADERS = 4_096;

    public OutgoingMessage {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        sender = sender == null ? "" : Source.clean(sender);
        recipients = recipients == null ? List.of()
                : List.copyOf(recipients.size() > MAX_RECIPIENTS ? recipients.subList(0, MAX_RECIPIENTS) : recipients);
        subject = bound(subject, MAX_SUBJECT);
        queueId = queueId == null ? "" : queueId;
        headers = bound(headers, MAX_HEADERS);
    }

    private static String bound(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }
}
