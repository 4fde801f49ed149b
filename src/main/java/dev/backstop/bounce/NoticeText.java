package dev.backstop.bounce;

import java.util.Arrays;
import java.util.Locale;

/**
 * The human-readable part of a bounce, cut where the MTA starts quoting the original message. The markers
 * are the separator lines MTAs write ("------ This is a copy of the message", "--- Below this line is a copy
 * of the message.", "----- Original message -----", "----- Unsent message follows -----"...).
 */
final class NoticeText {
    // Arrays, not lists: these are gone through for many lines of every notice, and in C1-compiled code a
    // list's iterator is an allocation and two interface calls per element.
    /** Words that, on a separator line, announce the quoted original. */
    private static final String[] SEPARATOR_WORDS = {"original message", "copy of the message",
            "copy of your message", "unsent message", "returned message", "message header", "original header",
            "headers of the original", "header of the original", "original mail", "message follows",
            "rfc822", "undelivered message", "original e-mail", "original email", "failed message",
            "text of the message", "your message was", "message text follows"};
    private static final PhraseIndex SEPARATOR_INDEX = new PhraseIndex(Arrays.asList(SEPARATOR_WORDS));
    /** Plain lines (no dashes) that announce the quoted original. */
    private static final String[] PLAIN_MARKERS = {"original message headers:",
            "below this line is a copy of the message", "the original message headers are included",
            "here are the headers of the original", "the headers of the original message", "original message follows",
            "a copy of the original message below", "---------- forwarded message", "content-type: message/rfc822",
            "the original message was:", "returned message follows", "message headers follow", "original message:",
            "original mail as follows:"};

    /** First letters of the plain markers, for a cheap test before lower-casing a line. */
    private static final String PLAIN_FIRST = firstLetters();
    private static final int PLAIN_LONGEST = longest(PLAIN_MARKERS);

    private NoticeText() {}

    private static int longest(String[] markers) {
        int max = 0;
        for (String m : markers) {
            max = Math.max(max, m.length());
        }
        return max;
    }

    private static String firstLetters() {
        StringBuilder sb = new StringBuilder();
        for (String m : PLAIN_MARKERS) {
            if (sb.indexOf(m.substring(0, 1)) < 0) {
                sb.append(m.charAt(0));
            }
        }
        return sb.toString();
    }

    /** The offset where the quoted original starts, or -1. */
    static int originalStart(String text) {
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = n;
            }
            if (eol - pos < 200 && isSeparator(text, pos, eol)) {
                return eol + 1 > n ? n : eol + 1;
            }
            if (eol - pos >= 10 && eol - pos < 200 && isRule(text, pos, eol) && headerFollows(text, eol + 1)) {
                return eol + 1 > n ? n : eol + 1; // "-----" and then the original's header block
            }
            pos = eol + 1;
        }
        return -1;
    }

    /** Header fields that open a quoted original message. */
    private static final String[] ORIGINAL_FIELDS = {"received:", "return-path:", "from:", "message-id:",
            "date:", "to:", "subject:", "mime-version:", "delivered-to:", "x-original-to:"};

    /** A line of one repeated rule character ('-' or '='), possibly indented. */
    private static boolean isRule(String text, int pos, int eol) {
        int i = pos;
        while (i < eol && text.charAt(i) == ' ') {
            i++;
        }
        char c = i < eol ? text.charAt(i) : ' ';
        if (c != '-' && c != '=') {
            return false;
        }
        int count = 0;
        for (; i < eol; i++) {
            char d = text.charAt(i);
            if (d == c) {
                count++;
            } else if (d != '\r' && d != ' ') {
                return false;
            }
        }
        return count >= 10;
    }

    private static boolean headerFollows(String text, int from) {
        if (from >= text.length()) {
            return false;
        }
        int end = Math.min(text.length(), from + 40);
        String head = text.substring(from, end).toLowerCase(Locale.ROOT);
        for (String f : ORIGINAL_FIELDS) {
            if (head.startsWith(f)) {
                return true;
            }
        }
        return false;
    }

    /** The notice without the quoted original. */
    static String withoutOriginal(String text) {
        int at = originalStart(text);
        return at < 0 ? text : text.substring(0, at);
    }

    /**
     * A notice forwarded by a person quotes the bounce with "> " on each line: one level of quoting taken
     * off, or null when the text is not mostly quoted.
     */
    static String unquoted(String text) {
        String[] lines = Lines.of(text, 2000);
        int quoted = 0;
        int other = 0;
        for (String l : lines) {
            if (l.startsWith(">") && !l.startsWith(">>> ")) { // ">>> RCPT To:" is a transcript, not a quote
                quoted++;
            } else if (!l.isBlank()) {
                other++;
            }
        }
        if (quoted < 5 || quoted < other) {
            return null;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (String l : lines) {
            if (l.startsWith("> ")) {
                sb.append(l, 2, l.length());
            } else if (l.startsWith(">")) {
                sb.append(l, 1, l.length());
            } else {
                sb.append(l);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static boolean isAscii(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static boolean isSeparator(String line) {
        return isSeparator(line, 0, line.length());
    }

    /** Is the line from {@code from} to {@code to} of a text a separator? Looked at where it stands, not cut out. */
    private static boolean isSeparator(String text, int from, int to) {
        int start = from;
        while (start < to && text.charAt(start) <= ' ') {
            start++;
        }
        if (to - start < 8) {
            return false;
        }
        char c = text.charAt(start);
        boolean dashed = c == '-' || c == '=' || c == '*' || c == '_' || c == '#';
        if (!dashed && PLAIN_FIRST.indexOf(Character.toLowerCase(c)) < 0) {
            return false; // cheap exit for the ordinary line
        }
        if (!dashed) {
            // a plain marker starts the line: lower-casing its first characters is enough (the markers are
            // ASCII and at most PLAIN_LONGEST long, and a line that goes on past them does not change them)
            int end = Math.min(to, start + PLAIN_LONGEST + 8);
            // all ASCII (the usual case): compared letter case aside where it stands, the same as lower-casing
            // it without the copy; otherwise a lower-cased copy
            boolean ascii = isAscii(text, start, end);
            String t = ascii ? text : text.substring(start, end).toLowerCase(Locale.ROOT);
            int at = ascii ? start : 0;
            int length = ascii ? end - start : t.length();
            for (String m : PLAIN_MARKERS) {
                if (m.length() <= length && t.regionMatches(ascii, at, m, 0, m.length())) {
                    return true;
                }
            }
            return false;
        }
        // one pass for all the words, letter case folded as it reads (the same as lower-casing the line first)
        String line = from == 0 && to == text.length() ? text : text.substring(from, to);
        for (int at : SEPARATOR_INDEX.firstStartsIgnoreCase(line, line.length())) {
            if (at > 0) {
                return true;
            }
        }
        return false;
    }
}
