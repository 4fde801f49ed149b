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
        Fact cur = null;
        boolean sawOriginalOnly = false;
        for (String[] field : fields(text)) {
            String name = field[0];
            String value = field[1];
            switch (name) {
                case "final-recipient", "original-recipient", "x-actual-recipient" -> {
                    String addr = SmtpText.address(afterType(value));
                    if (addr.isEmpty() && name.equals("final-recipient")) {
                        addr = afterType(value).trim();
                    }
                    if (name.equals("x-actual-recipient")) {
                        if (cur != null && cur.address.isEmpty()) {
                            cur.address = addr;
                        }
                        continue;
                    }
                    boolean newBlock = cur == null
                            || name.equals("original-recipient") && !sawOriginalOnly && cur.hasAddress() && hasData(cur)
                            || name.equals("final-recipient") && (!sawOriginalOnly || hasData(cur));
                    if (newBlock) {
                        if (res.facts.size() >= MAX_RECIPIENTS) {
                            return res;
                        }
                        cur = new Fact();
                        res.facts.add(cur);
                    }
                    sawOriginalOnly = name.equals("original-recipient");
                    if (name.equals("final-recipient") || cur.address.isEmpty()) {
                        if (!addr.isEmpty()) {
                            cur.address = addr;
                        }
                    }
                }
                case "action" -> (cur = orNew(res, cur)).action = firstWord(value);
                case "status" -> (cur = orNew(res, cur)).status = SmtpText.status(value);
                case "remote-mta" -> (cur = orNew(res, cur)).remoteMta = afterType(value).trim();
                case "diagnostic-code" -> {
                    cur = orNew(res, cur);
                    int semi = value.indexOf(';');
                    cur.diagnosticType = semi > 0 ? value.substring(0, semi).trim() : "";
                    cur.diagnostic = (semi > 0 && semi < 20 ? value.substring(semi + 1) : value).trim();
                }
                case "reporting-mta" -> res.reportingMta = afterType(value).trim();
                case "received-from-mta" -> res.receivedFrom = afterType(value).trim();
                default -> { }
            }
        }
        res.facts.removeIf(f -> !f.hasAddress() && f.status.isEmpty() && f.diagnostic.isEmpty());
        return res;
    }

    private static boolean hasData(Fact f) {
        return f != null && (!f.action.isEmpty() || !f.status.isEmpty() || !f.diagnostic.isEmpty());
    }

    private static Fact orNew(Result res, Fact cur) {
        if (cur != null) {
            return cur;
        }
        Fact f = new Fact();
        res.facts.add(f);
        return f;
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
        List<String[]> out = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = n;
            }
            String line = text.substring(pos, eol);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            pos = eol + 1;
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                if (value.length() < SmtpText.MAX_SCAN) {
                    value.append(' ').append(line.trim());
                }
                continue;
            }
            if (name != null) {
                out.add(new String[] {name, value.toString()});
                name = null;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && colon < 40 && isFieldName(line, colon)) {
                name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                value.setLength(0);
                value.append(line.substring(colon + 1).trim());
            }
        }
        if (name != null) {
            out.add(new String[] {name, value.toString()});
        }
        return out;
    }

    private static boolean isFieldName(String line, int colon) {
        for (int i = 0; i < colon; i++) {
            char c = line.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
