package dev.backstop.bounce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 3464 delivery-status fields: one per-message block, then one block per recipient. Also reads the same
 * fields when an MTA quotes them inline in a text part. Tolerant: blocks need not be separated by blank
 * lines, unknown fields are ignored, and a recipient block starts at each Final-Recipient/Original-Recipient.
 */
final class DeliveryStatusParser {
    private static final int MAX_RECIPIENTS = 500;

    /** Per-message fields that recipients inherit when their own are missing. */
    static final class Result {
        String reportingMta = "";
        String receivedFrom = "";
        final List<Fact> facts = new ArrayList<>();
    }

    Result parse(String text) {
        Result res = new Result();
        Block cur = null;
        List<Block> blocks = new ArrayList<>();
        boolean paragraphBreak = false;
        for (String[] field : fields(text, true)) {
            String name = field[0];
            String value = field[1];
            if (name.isEmpty()) {
                paragraphBreak = cur != null;
                continue;
            }
            switch (name) {
                case "final-recipient", "original-recipient", "x-actual-recipient" -> {
                    String addr = SmtpText.address(afterType(value));
                    if (addr.isEmpty()) {
                        // a quoted local part ("a..b"@host) is still the recipient; anything else is kept as
                        // written (a file or program the message was delivered to)
                        String unquoted = SmtpText.address(afterType(value).replace("\"", ""));
                        addr = !unquoted.isEmpty() ? unquoted : name.equals("final-recipient") ? afterType(value).trim() : "";
                    }
                    if (name.equals("x-actual-recipient")) {
                        if (cur != null && cur.fact.address.isEmpty()) {
                            cur.fact.address = addr;
                        }
                        continue;
                    }
                    boolean isFinal = name.equals("final-recipient");
                    if (cur == null || startsBlock(cur, isFinal, paragraphBreak, addr)) {
                        if (res.facts.size() >= MAX_RECIPIENTS) {
                            return res;
                        }
                        cur = new Block(res, blocks);
                    }
                    if (isFinal) {
                        cur.sawFinal = true;
                    } else {
                        cur.sawOriginal = true;
                    }
                    if ((isFinal || cur.fact.address.isEmpty()) && !addr.isEmpty()) {
                        cur.fact.address = addr;
                    }
                    if (!isFinal) {
                        cur.originalAddress = addr;
                    }
                }
                case "action" -> (cur = data(res, blocks, cur, paragraphBreak, !cur(cur).action.isEmpty())).fact.action =
                        firstWord(value);
                case "status" -> (cur = data(res, blocks, cur, paragraphBreak, !cur(cur).status.isEmpty())).fact.status =
                        SmtpText.status(value);
                case "remote-mta" -> (cur = data(res, blocks, cur, paragraphBreak, !cur(cur).remoteMta.isEmpty())).fact.remoteMta =
                        hostOf(afterType(value));
                case "diagnostic-code" -> {
                    cur = data(res, blocks, cur, paragraphBreak, !cur(cur).diagnostic.isEmpty());
                    int semi = value.indexOf(';');
                    cur.fact.diagnosticType = semi > 0 ? value.substring(0, semi).trim() : "";
                    cur.fact.diagnostic = (semi > 0 && semi < 20 ? value.substring(semi + 1) : value).trim();
                }
                case "reporting-mta" -> res.reportingMta = afterType(value).trim();
                case "received-from-mta" -> res.receivedFrom = afterType(value).trim();
                default -> { }
            }
            paragraphBreak = false;
        }
        for (Block b : blocks) {
            if (!isMailbox(b.fact.address) && isMailbox(b.originalAddress)) {
                // a source route ("@relay:user@server") or no local part: the address the sender used is
                // the one to report
                b.fact.address = b.originalAddress;
            }
        }
        for (java.util.Iterator<Fact> it = res.facts.iterator(); it.hasNext(); ) {
            Fact f = it.next();
            if (!f.hasAddress() && f.status.isEmpty() && f.diagnostic.isEmpty()) {
                it.remove();
            }
        }
        return res;
    }

    /**
     * Does a recipient field open a new recipient block? Blocks are usually separated by blank lines, but
     * some MTAs omit them, put Original-Recipient after Final-Recipient, or write the recipient fields last.
     */
    private static boolean startsBlock(Block cur, boolean isFinal, boolean paragraphBreak, String addr) {
        if (isFinal) {
            return cur.sawFinal || paragraphBreak && cur.sawOriginal && !addr.equalsIgnoreCase(cur.fact.address);
        }
        return cur.sawOriginal || cur.sawFinal && paragraphBreak;
    }

    /** The block a per-recipient data field belongs to: a new one when it repeats a field after a blank line. */
    private static Block data(Result res, List<Block> blocks, Block cur, boolean paragraphBreak, boolean alreadySet) {
        if (cur == null || paragraphBreak && alreadySet && res.facts.size() < MAX_RECIPIENTS) {
            return new Block(res, blocks);
        }
        return cur;
    }

    private static final Fact NONE = new Fact();

    /** The host name of a Remote-MTA value, without the comments some MTAs add ("mx.example.jp. (192.0.2.1, ...)"). */
    private static String hostOf(String v) {
        String t = v.trim();
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            return close > 0 ? t.substring(1, close) : t; // an address literal: "[192.0.2.1]"
        }
        int end = 0;
        while (end < t.length() && " ([\t".indexOf(t.charAt(end)) < 0) {
            end++;
        }
        String host = t.substring(0, end);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** A mailbox: a local part and a domain, no source route (a local domain without dots is fine). */
    private static boolean isMailbox(String a) {
        return a.indexOf('@') > 0 && a.indexOf(':') < 0;
    }

    private static Fact cur(Block b) {
        return b == null ? NONE : b.fact;
    }

    /** The recipient being read and which of its recipient fields have been seen. */
    private static final class Block {
        final Fact fact = new Fact();
        boolean sawFinal;
        boolean sawOriginal;

        String originalAddress = "";

        Block(Result res, List<Block> blocks) {
            res.facts.add(fact);
            blocks.add(this);
        }
    }

    private static String firstWord(String v) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && Character.isLetter(t.charAt(i))) {
            i++;
        }
        return t.substring(0, i);
    }

    /** The part after "rfc822;" / "dns;" / "smtp;". */
    static String afterType(String value) {
        int semi = value.indexOf(';');
        return semi >= 0 && semi < 16 ? value.substring(semi + 1).trim() : value.trim();
    }

    /** Splits text into (lower-case name, unfolded value) pairs; continuation lines start with white space. */
    static List<String[]> fields(String text) {
        return fields(text, false);
    }

    /** As {@link #fields(String)}; with {@code breaks}, each blank line adds an empty-named entry. */
    static List<String[]> fields(String text, boolean breaks) {
        List<String[]> out = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int pos = 0;
        int n = text.length();
        // Lines are looked at where they stand in the text, not cut out: a notice read for inline status
        // fields is mostly lines that are none, and copying each was most of what this parser allocated.
        while (pos < n) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = n;
            }
            int start = pos;
            int end = eol > start && text.charAt(eol - 1) == '\r' ? eol - 1 : eol;
            pos = eol + 1;
            if (breaks && isBlank(text, start, end)) {
                if (name != null) {
                    out.add(new String[] {name, value.toString()});
                    name = null;
                }
                if (out.size() < 10_000) {
                    out.add(new String[] {"", ""});
                }
                continue;
            }
            if (end > start && (text.charAt(start) == ' ' || text.charAt(start) == '\t') && name != null) {
                if (value.length() < SmtpText.MAX_SCAN) {
                    value.append(' ');
                    appendTrimmed(value, text, start, end);
                }
                continue;
            }
            if (name != null) {
                out.add(new String[] {name, value.toString()});
                name = null;
            }
            int colon = -1;
            for (int i = start; i < end && i < start + 40; i++) {
                if (text.charAt(i) == ':') {
                    colon = i;
                    break;
                }
            }
            if (colon > start && isFieldName(text, start, colon)) {
                name = text.substring(start, colon).trim().toLowerCase(Locale.ROOT);
                value.setLength(0);
                appendTrimmed(value, text, colon + 1, end);
            }
        }
        if (name != null) {
            out.add(new String[] {name, value.toString()});
        }
        return out;
    }

    /** Is the text from {@code start} to the colon a field name? */
    private static boolean isFieldName(String text, int start, int colon) {
        int end = colon;
        while (end > start && text.charAt(end - 1) == ' ') {
            end--; // "Action : failed" (Mimecast)
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return end > start;
    }

    /** {@code text.substring(start, end).isBlank()}. */
    private static boolean isBlank(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code text.substring(start, end).trim()}. */
    private static void appendTrimmed(StringBuilder to, String text, int start, int end) {
        while (start < end && text.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) <= ' ') {
            end--;
        }
        to.append(text, start, end);
    }
}
