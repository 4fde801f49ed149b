package dev.backstop.bounce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the plain-text bounces that MTAs write without a delivery-status part (qmail, Exim, Sendmail
 * transcripts, Postfix and Gmail text, many services). The shapes it knows, each a rule of the formats:
 * <ul>
 *   <li>an address alone on a line ({@code <user@host>:} in qmail, {@code   user@host} in Exim and Gmail),
 *       followed by its diagnostic lines;</li>
 *   <li>an address followed by its reason on the same line ({@code <user@host>: reason} in Postfix,
 *       {@code <user@host>... User unknown} in Sendmail);</li>
 *   <li>an SMTP transcript ({@code >>> RCPT To:<user@host>} then {@code <<< 550 ...}).</li>
 * </ul>
 * When a recipient's own lines carry no diagnostic, the notice's error paragraph is used instead.
 */
final class TextBounceScanner {
    private static final int MAX_LINES = 2000;
    private static final int MAX_RECIPIENTS = 200;
    /** Paragraphs after a recipient line searched for its SMTP reply when the first has none. */
    private static final int MAX_PARAGRAPHS = 3;

    List<Fact> scan(String notice) {
        String[] lines = Lines.of(notice, MAX_LINES);
        int n = Math.min(lines.length, MAX_LINES);
        Map<String, Fact> found = new LinkedHashMap<>();
        Fact current = null;
        int paragraphs = 0;
        String transcriptRcpt = null;
        String transcriptCommand = "";
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            String t = line.trim();
            if (t.isEmpty()) {
                if (current != null) {
                    paragraphs++;
                    if (hasCode(current.diagnostic) || paragraphs > MAX_PARAGRAPHS) {
                        current = null;
                    }
                }
                continue;
            }
            String lower = t.toLowerCase(Locale.ROOT);
            String sent = lower.startsWith(">>> ") ? transcriptCommand(lower.substring(4).trim()) : "";
            if (!sent.isEmpty()) {
                transcriptCommand = sent;
                if (sent.equals("RCPT")) {
                    transcriptRcpt = SmtpText.address(t);
                }
                current = null;
                continue;
            }
            if (lower.startsWith("<<< ") && (transcriptCommand.equals("RCPT") || transcriptCommand.equals("DATA"))) {
                // the reply to the last command sent; after DATA it names the recipient it is about (a reply
                // to MAIL or HELO names the sender or nobody, so it starts no recipient)
                String reply = t.substring(4).trim();
                String named = repliedAbout(reply);
                String who = !named.isEmpty() ? named
                        : transcriptCommand.equals("RCPT") && transcriptRcpt != null ? transcriptRcpt : "";
                if (!who.isEmpty() && (SmtpText.replyCode(reply).startsWith("5") || SmtpText.replyCode(reply).startsWith("4"))
                        && found.size() < MAX_RECIPIENTS) {
                    Fact f = found.computeIfAbsent(who, Fact::new);
                    if (f.diagnostic.isEmpty() || !hasCode(f.diagnostic)) {
                        f.diagnostic = reply;
                    }
                    f.command = transcriptCommand;
                }
                continue;
            }
            if (NoticeText.isSeparator(t)) {
                current = null;
                continue;
            }
            Fact start = recipientLine(t, line);
            if (start != null && current != null && start.address.equals(current.address)
                    && current.diagnostic.length() < SmtpText.MAX_SCAN) {
                // the recipient named again inside its own diagnostic ("    <a@b>: User unknown")
                current.diagnostic = current.diagnostic.isEmpty() ? t : current.diagnostic + " " + t;
                continue;
            }
            if (start != null && found.size() < MAX_RECIPIENTS) {
                Fact prev = found.get(start.address);
                if (prev != null) {
                    if (!start.diagnostic.isEmpty() && !hasCode(prev.diagnostic)) {
                        prev.diagnostic = start.diagnostic;
                    }
                    current = prev;
                } else {
                    found.put(start.address, start);
                    current = start;
                }
                if (lower.startsWith("rcpt to:")) {
                    current = null; // a field of a "message details" list: the next lines are other fields
                }
                paragraphs = 0;
                continue;
            }
            if (current != null && current.diagnostic.length() < SmtpText.MAX_SCAN) {
                current.diagnostic = current.diagnostic.isEmpty() ? t : current.diagnostic + " " + t;
            }
        }
        if (found.isEmpty()) {
            mentions(lines, n, found);
        }
        return new ArrayList<>(found.values());
    }

    /**
     * The recipient a reply names: "550 5.1.1 &lt;user@host&gt;... User unknown", "550 Unknown user user@host";
     * not an address in parentheses, which is the server quoting someone ("cannot send to yourself (a@b)").
     */
    private static String repliedAbout(String reply) {
        int lt = reply.indexOf('<');
        if (lt >= 0 && lt < 40) {
            return SmtpText.address(reply.substring(lt));
        }
        String a = SmtpText.address(reply);
        int at = a.isEmpty() ? -1 : reply.indexOf(a);
        return at > 0 && reply.charAt(at - 1) == '(' ? "" : a;
    }

    /** The command of a transcript line ">>> RCPT To:&lt;a@b&gt;", upper case, or empty if it is none. */
    private static String transcriptCommand(String sent) {
        if (sent.startsWith("rcpt to")) {
            return "RCPT";
        }
        if (sent.startsWith("mail from")) {
            return "MAIL";
        }
        if (sent.equals("data") || sent.equals(".") || sent.startsWith("bdat")) {
            return "DATA";
        }
        if (sent.startsWith("ehlo") || sent.startsWith("helo")) {
            return "HELO";
        }
        return "";
    }

    /**
     * Last resort: addresses in angle brackets inside sentences about delivery ("There was an error
     * delivering your mail to <user@host>.", "could not be delivered to <user@host>").
     */
    private static void mentions(String[] lines, int n, Map<String, Fact> found) {
        for (int i = 0; i < n && found.size() < MAX_RECIPIENTS; i++) {
            String lower = lines[i].toLowerCase(Locale.ROOT);
            int lt = lower.indexOf('<');
            if (lt < 0 || lower.indexOf('@', lt) < 0) {
                continue;
            }
            if (!(lower.contains("deliver") || lower.contains("recipient") || lower.contains("address")
                    || lower.contains("failed") || lower.contains("mailbox") || lower.contains("rcpt to"))) {
                continue;
            }
            if (lower.contains("mail from") || lower.contains("from:") || lower.contains("sender")) {
                continue;
            }
            String addr = SmtpText.address(lines[i].substring(lt));
            if (!addr.isEmpty()) {
                found.putIfAbsent(addr, new Fact(addr));
            }
        }
    }

    /** A line that names a recipient: returns a fact with the address and any same-line diagnostic. */
    static Fact recipientLine(String t, String line) {
        if (t.length() > 1000 || t.indexOf('@') < 0) {
            return null;
        }
        if (t.length() > 5 && Character.isDigit(t.charAt(0)) && Character.isDigit(t.charAt(1))
                && Character.isDigit(t.charAt(2)) && t.charAt(3) == ' ' && t.charAt(4) == '<') {
            // a Sendmail transcript line: "554 <user@host>... reason"
            Fact f = recipientLine(t.substring(4), line);
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
            return recipientLine(bare, line);
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
        if (hasCode(rest) || saysFailure(restLower)) {
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

    private static boolean hasCode(String diag) {
        return !SmtpText.replyCode(diag).isEmpty() || !SmtpText.status(diag).isEmpty();
    }

}
