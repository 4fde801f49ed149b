package dev.backstop.bounce;

import dev.backstop.mail.MimePart;
import dev.backstop.mail.TextDecoding;
import java.util.List;
import java.util.Locale;

/** Cheap signs, from headers and the notice text, that a message is a delivery notice and of what kind. */
final class Signals {
    private static final List<String> SENDERS = List.of("mailer-daemon", "postmaster", "mail delivery", "mail-daemon",
            "maildelivery", "mailerdaemon", "bounce", "daemon@", "mdaemon", "nobody@", "microsoftexchange", "post_master",
            "mail.delivery");
    /** Senders that write only automated mail: a failure phrase in their text makes it a notice. */
    private static final List<String> AUTOMATED = List.of("no-reply", "noreply", "-admin@",
            "administrator");
    /** Phrases of failure notices, searched in the first few kilobytes of the text. */
    private static final List<String> FAILURE_PHRASES = List.of("could not be delivered", "delivery failed",
            "undeliverable", "permanent error", "unable to deliver", "error message below:",
            "did not reach the following recipient", "not a member of this mailing list", "duplicated message-id",
            "mail loop", "could not be sent", "delivery has failed", "failed permanently");
    private static final List<String> SUBJECTS = List.of("undeliver", "delivery fail", "failure notice",
            "returned mail", "delivery status notification", "mail delivery failed", "could not be delivered",
            "unable to deliver", "delivery failure", "non remis", "nondeliverable", "non-deliverable", "not delivered",
            "delivery problem", "warning: could not send", "delayed mail", "delivery notification", "mail system error",
            "failed delivery", "returned to sender", "bounce", "delivery has failed", "rejected", "delivery report",
            "message delivery", "mail could not", "error sending", "failed mail", "delivery error", "unzustellbar",
            "unbekannt", "fehlgeschlagen", "échec", "no se pudo", "undelivered", "permanent error",
            "message not delivered", "nicht zustellbar", "cannot send", "mail delivery");
    private static final List<String> TEMPORARY = List.of("will continue to", "will keep trying", "will be retried",
            "still trying", "has not yet been delivered", "not yet been delivered", "is still queued",
            "delivery attempts will continue", "warning: message", "this is a warning", "temporary failure",
            "will retry", "delayed", "has been delayed");

    /** Words that make a notice final whatever else it says. */
    private static final List<String> PERMANENT = List.of("permanent error", "permanently", "i've given up",
            "giving up");
    /** {@link #PERMANENT} then {@link #TEMPORARY}, found in one pass over the notice. */
    private static final PhraseIndex PERMANENT_OR_TEMPORARY = new PhraseIndex(concat(PERMANENT, TEMPORARY));

    private Signals() {}

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Is this a delivery notice? {@code quotesOriginal} says whether it carries a message it returns (an
     * attachment, a headers part or quoted headers): an automated sender's text about a failed delivery
     * counts only then, so a shop's "your parcel could not be delivered" stays ordinary mail.
     */
    static boolean looksLikeBounce(MimePart root, String notice, boolean quotesOriginal) {
        String from = root.header("From").toLowerCase(Locale.ROOT);
        for (String s : SENDERS) {
            if (from.contains(s)) {
                return true;
            }
        }
        if (!root.header("X-Failed-Recipients").isEmpty()) {
            return true;
        }
        String ct = root.header("Content-Type").toLowerCase(Locale.ROOT);
        if (ct.contains("multipart/report")) {
            return true;
        }
        String subject = TextDecoding.decodeHeader(root.header("Subject")).toLowerCase(Locale.ROOT);
        for (String s : SUBJECTS) {
            if (subject.contains(s)) {
                return true;
            }
        }
        if (root.header("Auto-Submitted").toLowerCase(Locale.ROOT).startsWith("auto-replied")) {
            return false;
        }
        String rp = root.header("Return-Path").trim();
        if (rp.equals("<>")) {
            return NoticeText.originalStart(notice) >= 0 || mentionsFailure(notice);
        }
        if (!root.header("X-MLServer").isEmpty() || !root.header("X-ML-Server").isEmpty()) {
            return mentionsFailure(notice); // a list server's refusal of a post
        }
        for (String s : AUTOMATED) {
            if (from.contains(s)) {
                return quotesOriginal && mentionsFailure(notice);
            }
        }
        return false;
    }

    private static boolean mentionsFailure(String notice) {
        String l = notice.length() > 4096 ? notice.substring(0, 4096).toLowerCase(Locale.ROOT)
                : notice.toLowerCase(Locale.ROOT);
        for (String p : FAILURE_PHRASES) {
            if (l.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A complaint forwarded without an ARF report part: Microsoft's JMRP sends the complained-about message
     * as an attachment with "complaint about message from IP" as the subject.
     */
    static boolean isComplaintForward(MimePart root, ReportBuilder.Parts parts) {
        String subject = TextDecoding.decodeHeader(root.header("Subject")).trim().toLowerCase(Locale.ROOT);
        return parts.embedded != null && subject.startsWith("complaint about message from");
    }

    static boolean saysTemporary(MimePart root, String notice) {
        String subject = TextDecoding.decodeHeader(root.header("Subject")).toLowerCase(Locale.ROOT);
        if (subject.contains("delay") || subject.contains("warning") || subject.contains("still being retried")
                || subject.contains("temporary")) {
            return true;
        }
        int[] first = PERMANENT_OR_TEMPORARY.firstStartsIgnoreCase(notice, 4096);
        for (int i = 0; i < PERMANENT.size(); i++) {
            if (first[i] > 0) {
                return false;
            }
        }
        for (int i = PERMANENT.size(); i < first.length; i++) {
            if (first[i] > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The lines of the notice that carry the error: those with an SMTP reply or status code and what follows
     * them on the same paragraph; the whole (bounded) notice when none does.
     */
    static String errorParagraph(String notice) {
        String text = notice.length() > 16384 ? notice.substring(0, 16384) : notice;
        String[] lines = Lines.of(text, 2000);
        StringBuilder sb = new StringBuilder();
        boolean inPara = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                inPara = false;
                continue;
            }
            boolean coded = startsWithCode(line) || line.contains(" said: ") || line.contains("said:")
                    || line.toLowerCase(Locale.ROOT).contains("smtp error");
            if (coded || inPara) {
                if (sb.length() < SmtpText.MAX_SCAN) {
                    sb.append(line).append(' ');
                }
                inPara = true;
            }
        }
        if (sb.length() > 0) {
            return sb.toString().strip();
        }
        String all = text.strip().replace('\n', ' ');
        return all.length() > 2000 ? all.substring(0, 2000) : all;
    }

    private static boolean startsWithCode(String line) {
        return line.length() > 4 && (line.charAt(0) == '4' || line.charAt(0) == '5')
                && Character.isDigit(line.charAt(1)) && Character.isDigit(line.charAt(2))
                && (line.charAt(3) == ' ' || line.charAt(3) == '-');
    }
}
