package dev.backstop.bounce;

import java.util.ArrayList;
import java.util.List;

/**
 * Amazon SES bounce notifications in JSON (sent by SNS or as mail): {@code "bouncedRecipients"} entries
 * with emailAddress, status, action and diagnosticCode. A key scan, not a JSON parser: only these string
 * fields are read and everything is bounded.
 */
final class SesNotificationReader {

    /**
     * Does the text hold a key of an SES notification: {@code "notificationType"} or {@code notificationType\"}
     * (escaped inside an SNS envelope), {@code "eventType"}, {@code bouncedRecipients"} or
     * {@code bouncedRecipients\"}? Every form has a double quote, so one character scan settles most notices;
     * the rest take one scan per key word, its quotes checked where it occurs.
     */
    static boolean looksLikeSes(String text) {
        if (text.indexOf('"') < 0) {
            return false;
        }
        return hasKey(text, "notificationType", false, true) || hasKey(text, "eventType", false, false)
                || hasKey(text, "bouncedRecipients", true, true);
    }

    /**
     * Is {@code word} somewhere quoted on both sides, or followed by a quote whatever comes before it (when
     * {@code quoteAfterSuffices}), or followed by an escaped quote (when {@code escapedQuoteAfterSuffices})?
     */
    private static boolean hasKey(String text, String word, boolean quoteAfterSuffices,
            boolean escapedQuoteAfterSuffices) {
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            int end = i + word.length();
            boolean quoteAfter = end < text.length() && text.charAt(end) == '"';
            if (quoteAfter && (quoteAfterSuffices || i > 0 && text.charAt(i - 1) == '"')) {
                return true;
            }
            if (escapedQuoteAfterSuffices && text.startsWith("\\\"", end)) {
                return true;
            }
        }
        return false;
    }

    /** SNS wraps the SES notification as a JSON string in its "Message" field: unescape one level. */
    private static String unwrapped(String json) {
        if (json.contains("\\\"notificationType\\\"") || json.contains("\\\"bouncedRecipients\\\"")) {
            return json.replace("\\\\\\\"", "\u0001").replace("\\\"", "\"").replace("\u0001", "\\\"");
        }
        return json;
    }

    List<Fact> read(String json) {
        List<Fact> out = new ArrayList<>();
        String text = unwrapped(json).replace("\\\"", "'").replace("\\n", " ");
        boolean delivered = text.contains("\"Delivery\"") && !text.contains("\"bouncedRecipients\"");
        boolean complaint = text.contains("\"Complaint\"") && !text.contains("\"bouncedRecipients\"");
        String listKey = delivered ? "\"recipients\"" : complaint ? "\"complainedRecipients\"" : "\"bouncedRecipients\"";
        int list = text.indexOf(listKey);
        if (list < 0) {
            return out;
        }
        String bounceType = value(text, "bounceType", 0);
        int pos = list;
        while (out.size() < 200) {
            int at = text.indexOf("\"emailAddress\"", pos);
            if (delivered) {
                int open = text.indexOf('[', list);
                int close = open < 0 ? -1 : text.indexOf(']', open);
                if (open > 0 && close > open) {
                    for (String part : text.substring(open + 1, close).split(",")) {
                        String a = SmtpText.address(part);
                        if (!a.isEmpty()) {
                            Fact f = new Fact(a);
                            f.action = "delivered";
                            f.status = "2.0.0";
                            f.diagnostic = value(text, "smtpResponse", 0);
                            f.replyCode = SmtpText.replyCode(f.diagnostic);
                            out.add(f);
                        }
                    }
                }
                break;
            }
            if (at < 0) {
                break;
            }
            int next = text.indexOf("\"emailAddress\"", at + 1);
            int limit = next < 0 ? Math.min(text.length(), at + 4096) : next;
            Fact f = new Fact(SmtpText.address(value(text, "emailAddress", at)));
            f.status = SmtpText.status(valueBefore(text, "status", at, limit));
            f.action = valueBefore(text, "action", at, limit);
            f.diagnostic = valueBefore(text, "diagnosticCode", at, limit);
            if (complaint) {
                f.reason = Reason.FEEDBACK;
            } else if ("Transient".equalsIgnoreCase(bounceType) && f.status.isEmpty()) {
                f.action = "delayed";
            }
            out.add(f);
            pos = at + 1;
        }
        return out;
    }

    private static String valueBefore(String text, String key, int from, int limit) {
        int k = text.indexOf("\"" + key + "\"", from);
        return k < 0 || k > limit ? "" : value(text, key, from);
    }

    private static String value(String text, String key, int from) {
        int k = text.indexOf("\"" + key + "\"", from);
        if (k < 0) {
            return "";
        }
        int colon = text.indexOf(':', k + key.length() + 2);
        int q1 = colon < 0 ? -1 : text.indexOf('"', colon);
        int q2 = q1 < 0 ? -1 : text.indexOf('"', q1 + 1);
        if (q2 < 0 || q1 - colon > 8 || q2 - q1 > SmtpText.MAX_SCAN) {
            return "";
        }
        return text.substring(q1 + 1, q2);
    }
}
