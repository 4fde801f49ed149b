package dev.backstop.bounce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the plain-text bounces that MTAs write without a delivery-status part (qmail, Exim, Sendmail
 * transcripts, Postfix and Gmail text, many services):
 * <ul>
 *   <li>lines that name a recipient ({@link RecipientLine}), followed by their diagnostic lines;</li>
 *   <li>an SMTP transcript ({@code >>> RCPT To:<user@host>} or {@code >>> DATA}, then {@code <<< 550 ...}),
 *       which also tells the command the remote host refused;</li>
 *   <li>as a last resort, addresses in angle brackets inside sentences about delivery.</li>
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
            // ">>> " and "<<< " lower-case to themselves, so the lower-case copy is made only for the lines that need it
            String sent = t.startsWith(">>> ") ? transcriptCommand(t.toLowerCase(Locale.ROOT).substring(4).trim()) : "";
            if (!sent.isEmpty()) {
                transcriptCommand = sent;
                if (sent.equals("RCPT")) {
                    transcriptRcpt = SmtpText.address(t);
                }
                current = null;
                continue;
            }
            if (t.startsWith("<<< ") && (transcriptCommand.equals("RCPT") || transcriptCommand.equals("DATA"))) {
                // the reply to the last command sent; after DATA it names the recipient it is about (a reply
                // to MAIL or HELO names the sender or nobody, so it starts no recipient)
                String reply = t.substring(4).trim();
                String named = repliedAbout(reply);
                String who = !named.isEmpty() ? named
                        : transcriptCommand.equals("RCPT") && transcriptRcpt != null ? transcriptRcpt : "";
                if (!who.isEmpty() && (SmtpText.replyCode(reply).startsWith("5") || SmtpText.replyCode(reply).startsWith("4"))
                        && found.size() < MAX_RECIPIENTS) {
                    Fact f = found.get(who);
                    if (f == null) {
                        f = new Fact(who);
                        found.put(who, f);
                    }
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
            Fact start = RecipientLine.parse(t);
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
                if (t.toLowerCase(Locale.ROOT).startsWith("rcpt to:")) {
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
     * delivering your mail to <user@host>.", "could not be delivered to <user@host>"), or bare right after
     * "delivered to".
     */
    private static void mentions(String[] lines, int n, Map<String, Fact> found) {
        for (int i = 0; i < n && found.size() < MAX_RECIPIENTS; i++) {
            if (lines[i].indexOf('@') < 0) {
                continue; // lower-casing neither makes nor takes an '@': most lines need no lower-case copy
            }
            String lower = lines[i].toLowerCase(Locale.ROOT);
            int lt = lower.indexOf('<');
            if (lt < 0 || lower.indexOf('@', lt) < 0) {
                // "Your message wasn't delivered to user@host because ...": a bare address after "delivered to"
                int to = lower.indexOf("delivered to ");
                lt = to < 0 ? -1 : to + "delivered to ".length();
                if (lt < 0 || lt >= lower.length() || !SmtpText.isLocalChar(lower.charAt(lt))) {
                    continue;
                }
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

    private static boolean hasCode(String diag) {
        return !SmtpText.replyCode(diag).isEmpty() || !SmtpText.status(diag).isEmpty();
    }

}
