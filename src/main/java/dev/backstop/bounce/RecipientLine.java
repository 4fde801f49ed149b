package dev.backstop.bounce;

import java.util.Locale;

/**
 * One line of a text notice that names a failed recipient, in the shapes MTAs write it:
 * <ul>
 *   <li>the address alone or with its reason: {@code <user@host>:} (qmail), {@code user@host} (Exim, Gmail),
 *       {@code <user@host>: reason} (Postfix), {@code <user@host>... reason} and {@code 550 <user@host>... reason}
 *       (Sendmail), {@code user@host [reason]}, {@code user@host on <date>} (Exchange 2000/2003),
 *       {@code user@host Invalid Address, ERROR_CODE :550} (Zoho and others);</li>
 *   <li>behind a bullet: {@code * user@host}, {@code -- user@host};</li>
 *   <li>as a field: {@code RCPT TO: user@host}, {@code Recipient address: user@host};</li>
 *   <li>at the end of, or after the colon of, a sentence about the failure: {@code Delivery failed: user@host},
 *       {@code The following recipients returned permanent errors: user@host. Reason: ...}.</li>
 * </ul>
 */
final class RecipientLine {
    private RecipientLine() {}

    /** A line that names a recipient: returns a fact with the address and any same-line diagnostic. */
    static Fact parse(String t) {
        if (t.length() > 1000 || t.indexOf('@') < 0) {
            return null;
        }
        if (t.length() > 5 && Character.isDigit(t.charAt(0)) && Character.isDigit(t.charAt(1))
                && Character.isDigit(t.charAt(2)) && t.charAt(3) == ' ' && t.charAt(4) == '<') {
            // a Sendmail transcript line: "554 <user@host>... reason"
            Fact f = parse(t.substring(4));
            if (f != null && SmtpText.replyCode(f.diagnostic).isEmpty()) {
                // the local reply only when the remote one ("554 <a@b>... 550 Host unknown") is absent
                f.diagnostic = (t.substring(0, 3) + " " + f.diagnostic).trim();
            }
            return f;
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("to:") || lower.startsWith("from:") || lower.startsWith("cc:") || lower.startsWith("reply-to:")
                || lower.startsWith("return-path:") || lower.startsWith("sender:") || lower.startsWith("message-id:")
                || lower.startsWith("received:") || lower.startsWith("for ") || lower.startsWith("by ")) {
            return null;
        }
        String bare = withoutBullet(t);
        if (bare != null) {
            return parse(bare);
        }
        if (lower.startsWith("rcpt to:") || lower.startsWith("recipient address:")) {
            // a transcript or report field naming the recipient (Apache James, Messaging Server)
            String addr = SmtpText.address(t.substring(t.indexOf(':') + 1));
            return addr.isEmpty() ? null : new Fact(addr);
        }
        int end = addressEnd(t);
        if (end <= 0) {
            return leadIn(t, lower);
        }
        String addr = SmtpText.address(t.substring(0, end));
        if (addr.isEmpty()) {
            return null;
        }
        String rest = t.substring(end).trim();
        int gt = rest.startsWith("<") ? rest.indexOf('>') : -1;
        if (gt > 0 && rest.indexOf('@') > 0 && rest.indexOf('@') < gt && (rest.indexOf(' ') < 0 || rest.indexOf(' ') > gt)) {
            // "name@host <user@host>: reason": the part in angle brackets is the address
            String inner = SmtpText.address(rest.substring(0, gt + 1));
            if (!inner.isEmpty()) {
                addr = inner;
                rest = rest.substring(gt + 1).trim();
            }
        }
        Fact f = new Fact(addr);
        if (rest.isEmpty() || rest.equals(":")) {
            return f;
        }
        if (rest.startsWith("...")) {
            f.diagnostic = rest.substring(3).trim();
            return f;
        }
        if (rest.startsWith("(expanded from")) {
            int close = rest.indexOf("):");
            if (close > 0) {
                f.diagnostic = rest.substring(close + 2).trim();
                return f;
            }
            return f;
        }
        if (rest.startsWith(":")) {
            f.diagnostic = rest.substring(1).trim();
            return f;
        }
        if (rest.startsWith("[") && rest.endsWith("]")) {
            f.diagnostic = rest.substring(1, rest.length() - 1).trim(); // "user@host [User unknown]"
            return f;
        }
        if (rest.startsWith("(") && rest.endsWith(")") && rest.length() < 80) {
            return f; // "user@host (Real Name)" style
        }
        String restLower = rest.toLowerCase(Locale.ROOT);
        if (restLower.startsWith("on ") && rest.length() < 60) {
            return f; // Exchange 2000/2003: "user@host on <date>", the reason on the lines below
        }
        if ((!SmtpText.replyCode(rest).isEmpty() || !SmtpText.status(rest).isEmpty()) || saysFailure(restLower)) {
            f.diagnostic = rest; // "user@host Invalid Address, ERROR_CODE :550, ..." (Zoho and others)
            return f;
        }
        return null;
    }

    /** Words that make a line about an address a line about its failure. */
    private static final String[] FAILURE_WORDS = {"error", "invalid", "unknown", "fail", "reject", "denied",
        "refused", "unavailable", "not ", "no such", "full", "quota", "disabled", "blocked", "undeliver", "expired"};

    private static boolean saysFailure(String lower) {
        for (String w : FAILURE_WORDS) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** Bullets that MTAs put before a recipient: "* user@host", "-- user@host", "- user@host". */
    private static String withoutBullet(String t) {
        int i = 0;
        while (i < t.length() && i < 3 && (t.charAt(i) == '*' || t.charAt(i) == '-' || t.charAt(i) == '\u2022')) {
            i++;
        }
        if (i == 0 || i >= t.length() || t.charAt(i) != ' ') {
            return null;
        }
        String rest = t.substring(i).trim();
        return rest.isEmpty() || rest.indexOf('@') < 0 ? null : rest;
    }

    /**
     * A sentence about the failure that ends with the recipient: "Delivery failed: user@host", "undeliverable
     * to user@host", "Did not reach the following recipient: user@host", "Could not be delivered to: <user@host>".
     */
    private static Fact leadIn(String t, String lower) {
        int sp = t.lastIndexOf(' ');
        if (sp <= 0 || sp > 100) {
            return sp > 0 ? afterColon(t, lower) : null;
        }
        String last = t.substring(sp + 1);
        int end = addressEnd(last);
        if (end <= 0 || end < last.length() - 1) {
            return afterColon(t, lower);
        }
        return leadInPrefix(lower.substring(0, sp), last, "");
    }

    /** "The following recipients returned permanent errors: user@host. Reason: ..." */
    private static Fact afterColon(String t, String lower) {
        int colon = t.indexOf(": ");
        if (colon <= 0 || colon > 120) {
            return null;
        }
        String rest = t.substring(colon + 2).trim();
        int sp = rest.indexOf(' ');
        String token = sp < 0 ? rest : rest.substring(0, sp);
        int end = addressEnd(token);
        if (end <= 0 || end < token.length() - 1) {
            return null;
        }
        return leadInPrefix(lower.substring(0, colon + 1), token, sp < 0 ? "" : rest.substring(sp + 1).trim());
    }

    private static Fact leadInPrefix(String prefix, String last, String diagnostic) {
        if (diagnostic.isEmpty() && !prefix.strip().endsWith(":")) {
            diagnostic = prefix.strip(); // a sentence, not a label, says what happened ("not a member of the list")
        }
        int colon = prefix.indexOf(':');
        if (colon > 0 && prefix.lastIndexOf('-', colon) > 0 && prefix.lastIndexOf(' ', colon) < 0) {
            return null; // a report field such as Original-Recipient or X-Actual-Recipient
        }
        if (prefix.contains("from") || prefix.contains("sender") || prefix.contains("reply")
                || prefix.contains("contact")) {
            return null;
        }
        for (String w : LEAD_IN_WORDS) {
            if (prefix.contains(w)) {
                String addr = SmtpText.address(last);
                if (addr.isEmpty()) {
                    return null;
                }
                Fact f = new Fact(addr);
                f.diagnostic = diagnostic;
                return f;
            }
        }
        return null;
    }

    /** Words of a sentence that ends with the failed recipient (a list server's "not a member", "loop"). */
    private static final String[] LEAD_IN_WORDS = {"deliver", "fail", "recipient", "reach", "reject", "unknown",
        "not a member", "loop", "duplicate"};



    /** End of a leading address token: {@code <a@b>}, {@code a@b}, with optional quotes; else -1. */
    private static int addressEnd(String t) {
        int i = 0;
        if (t.startsWith("<")) {
            int gt = t.indexOf('>');
            if (gt < 0) {
                return -1;
            }
            String inner = t.substring(1, gt);
            return inner.indexOf('@') > 0 && inner.indexOf(' ') < 0 ? gt + 1 : -1;
        }
        if (t.startsWith("\"") || t.startsWith("'")) {
            i = 1;
        }
        int at = -1;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '@') {
                at = i;
            } else if (!(SmtpText.isLocalChar(c) || c == '[' || c == ']')) {
                break;
            }
            i++;
        }
        if (at <= 0 || at == i - 1) {
            return -1;
        }
        while (i > 0 && t.charAt(i - 1) == '.') {
            i--;
        }
        if (i < t.length() && (t.charAt(i) == '"' || t.charAt(i) == '\'')) {
            i++;
        }
        return i;
    }
}
