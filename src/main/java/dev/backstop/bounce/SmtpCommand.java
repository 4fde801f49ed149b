package dev.backstop.bounce;

import java.util.Locale;

/**
 * Finds the SMTP command stage at which the remote host gave its answer: CONN (the greeting), HELO, MAIL,
 * RCPT or DATA (which includes end of data). The stage matters for the reason: "user unknown" answered to
 * RCPT is a missing mailbox, the same words answered after DATA come from a content or sender filter.
 *
 * <p>Three places say it, tried in this order: the recipient's own diagnostic ("in reply to RCPT TO
 * command", "SMTP error from remote mail server after end of data"), the paragraph of the notice that names
 * the recipient, and a Sendmail-style session transcript ({@code >>> DATA} followed by {@code <<< 550 ...}).
 * All scans are bounded index scans over lower-case text.
 */
final class SmtpCommand {
    static final String CONN = "CONN";
    static final String HELO = "HELO";
    static final String MAIL = "MAIL";
    static final String RCPT = "RCPT";
    static final String DATA = "DATA";

    /** How far around a recipient's address the notice is searched for a stage phrase. */
    private static final int PARAGRAPH = 1200;
    private static final int MAX_NOTICE = 32 << 10;

    /** Stage phrases of MTAs (Postfix, Exim, qmail, Courier, Exchange...), lower case, each with its stage. */
    private static final String[][] PHRASES = {
        {"in reply to rcpt", RCPT}, {"after rcpt", RCPT}, {"after pipelined rcpt", RCPT}, {"[rcpt_to]", RCPT},
        {"does not like recipient", RCPT}, {"rcpt to:", RCPT}, {"rcpt to <", RCPT}, {"rcpt to command", RCPT},
        {"rcpt to response", RCPT}, {"smtp:rcpt", RCPT},
        {"in reply to mail", MAIL}, {"after mail", MAIL}, {"after pipelined mail", MAIL}, {"[mail_from]", MAIL},
        {"does not like sender", MAIL}, {"mail from:", MAIL}, {"but sender was rejected", MAIL},
        {"smtp:mail", MAIL},
        {"in reply to end of data", DATA}, {"in reply to data", DATA}, {"after end of data", DATA},
        {"after data", DATA}, {"final data", DATA}, {"in reply to end", DATA}, {"[data]", DATA},
        {"after end of message", DATA}, {"failed after i sent the message", DATA}, {"for text command", DATA},
        {"in reply to ehlo", HELO}, {"in reply to helo", HELO}, {"after ehlo", HELO}, {"after helo", HELO},
        {"but my name was rejected", HELO},
        {"after initial connection", CONN}, {"in reply to connect", CONN}, {"greeting", CONN},
        {"connection refused", CONN},
    };

    private static final PhraseIndex INDEX = indexOf(PHRASES);

    private final String notice;
    /** The notice in lower case, made on first need: most diagnostics name their stage themselves. */
    private String lowerNotice;
    /** Whether the lower-case notice has a session transcript at all; asked once, not per recipient. */
    private Boolean hasTranscript;

    /** Stages for the recipients of one notice (the human-readable text of a bounce). */
    SmtpCommand(String notice) {
        this.notice = notice;
    }

    /** One-off form of {@link #stageOf}. */
    static String of(String diagnostic, String notice, String address) {
        return new SmtpCommand(notice).stageOf(diagnostic, address);
    }

    /**
     * The stage for one recipient: from its diagnostic, else from a transcript reply that names it, else
     * from the notice around its address, else from a transcript with a single failure. Empty when nothing
     * says.
     */
    String stageOf(String diagnostic, String address) {
        String diag = lower(diagnostic, SmtpText.MAX_SCAN);
        String own = inText(diag);
        if (!own.isEmpty()) {
            return own;
        }
        if (lowerNotice == null) {
            lowerNotice = lower(notice, MAX_NOTICE);
        }
        String text = lowerNotice;
        if (text.isEmpty()) {
            return "";
        }
        String addr = address.toLowerCase(Locale.ROOT);
        // a transcript reply that names the recipient is the most precise; then the recipient's paragraph
        if (hasTranscript == null) {
            hasTranscript = text.indexOf(">>>") >= 0 || text.indexOf("smtp command") >= 0;
        }
        String exact = hasTranscript ? inTranscript(text, addr, diag, false) : "";
        if (!exact.isEmpty()) {
            return exact;
        }
        String near = addr.isEmpty() ? "" : nearAddress(text, addr);
        if (!near.isEmpty()) {
            return near;
        }
        return hasTranscript ? inTranscript(text, addr, diag, true) : "";
    }

    /** The stage a phrase in this lower-case text names, or empty. */
    static String inText(String lower) {
        if (lower.isEmpty()) {
            return "";
        }
        int[] first = INDEX.firstStarts(lower);
        int best = -1;
        String stage = "";
        for (int k = 0; k < PHRASES.length; k++) {
            String[] p = PHRASES[k];
            int i = first[k] - 1;
            // the last phrase wins: a text that quotes "RCPT TO:<x>" and then "in reply to end of DATA" failed at DATA
            if (i > best) {
                best = i;
                stage = p[1];
            }
        }
        return stage;
    }

    /** A stage phrase in the paragraph that follows (or holds) the recipient's address. */
    private static String nearAddress(String text, String addr) {
        int at = text.indexOf(addr);
        int guard = 0;
        while (at >= 0 && guard++ < 16) {
            int start = paragraphStart(text, at);
            int end = paragraphEnd(text, at + addr.length());
            String stage = inText(text.substring(start, end));
            if (!stage.isEmpty() && !stage.equals(CONN)) {
                return stage;
            }
            at = text.indexOf(addr, at + addr.length());
        }
        return "";
    }

    private static int paragraphStart(String text, int at) {
        int p = text.lastIndexOf("\n\n", at);
        int start = p < 0 ? 0 : p + 2;
        return Math.max(start, at - PARAGRAPH / 4);
    }

    private static int paragraphEnd(String text, int from) {
        int p = text.indexOf("\n\n", from);
        int end = p < 0 ? text.length() : p;
        return Math.min(end, from + PARAGRAPH);
    }

    /**
     * A session transcript ({@code >>> COMMAND} then {@code <<< reply}): the command before the failing reply
     * that names the recipient or repeats its diagnostic; otherwise, when {@code single} allows, the
     * command before the failing reply when the transcript has only one.
     */
    private static String inTranscript(String text, String addr, String diag, boolean single) {
        if (text.indexOf(">>>") < 0 && text.indexOf("smtp command") < 0) {
            return "";
        }
        String last = "";
        String onlyFailure = "";
        int failures = 0;
        int pos = 0;
        int lines = 0;
        while (pos < text.length() && lines++ < 2000) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(pos, end).strip();
            pos = end + 1;
            if (line.startsWith(">>>")) {
                String verb = verb(line.substring(3).strip());
                if (!verb.isEmpty()) {
                    last = verb;
                }
            } else if (line.equals("-------smtp command") || line.equals("smtp command:")) {
                // m-FILTER style: the command sits on the next line
                int nl2 = text.indexOf('\n', pos);
                String next = text.substring(pos, nl2 < 0 ? text.length() : nl2).strip();
                String verb = verb(next);
                if (!verb.isEmpty()) {
                    return verb;
                }
            } else if (line.startsWith("<<<") && !last.isEmpty()) {
                String reply = line.substring(3).strip();
                if (reply.startsWith("4") || reply.startsWith("5")) {
                    if (!addr.isEmpty() && reply.contains(addr) || sameReply(reply, diag)) {
                        return last;
                    }
                    failures++;
                    if (onlyFailure.isEmpty()) {
                        onlyFailure = last;
                    }
                }
            }
        }
        return single && failures == 1 ? onlyFailure : "";
    }

    /** Does the reply line carry the same words as the diagnostic (beyond the bare code)? */
    private static boolean sameReply(String reply, String diag) {
        if (diag.isEmpty() || reply.length() < 8) {
            return false;
        }
        String body = reply.length() > 200 ? reply.substring(0, 200) : reply;
        return diag.contains(body) || body.contains(diag.strip()) && diag.strip().length() >= 8;
    }

    private static String verb(String cmd) {
        if (cmd.startsWith("rcpt")) {
            return RCPT;
        }
        if (cmd.startsWith("mail")) {
            return MAIL;
        }
        if (cmd.startsWith("data") || cmd.startsWith("bdat") || cmd.equals(".")) {
            return DATA;
        }
        if (cmd.startsWith("ehlo") || cmd.startsWith("helo") || cmd.startsWith("lhlo")) {
            return HELO;
        }
        return "";
    }

    private static PhraseIndex indexOf(String[][] phrases) {
        java.util.List<String> words = new java.util.ArrayList<>();
        for (String[] p : phrases) {
            words.add(p[0]);
        }
        return new PhraseIndex(words);
    }

    private static String lower(String s, int max) {
        String t = s.length() > max ? s.substring(0, max) : s;
        return LowerCase.withoutCr(t);
    }
}
