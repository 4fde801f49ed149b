package dev.backstop.bounce;

import java.util.Locale;

/**
 * Small scanners over SMTP reply text: enhanced status codes, reply codes, the rejected command, e-mail
 * addresses. Hand-written index scans, bounded, no backtracking regexes.
 */
final class SmtpText {
    private SmtpText() {}

    /** Longest text any scanner looks at; diagnostics longer than this are cut. */
    static final int MAX_SCAN = 4096;

    /**
     * The most telling enhanced status code (class 2, 4 or 5) in the text, e.g. {@code 5.1.1}, or empty:
     * the first one, unless it is a generic {@code x.0.0} or {@code 4.4.7} (expired) and a specific code
     * follows, as in "554 4.4.7 Message expired &lt;421 4.4.2 Connection timed out&gt;".
     */
    static String status(String s) {
        String first = firstStatus(s, 0);
        if (first.isEmpty() || !isGeneric(first) && !first.startsWith("2")) {
            return first;
        }
        // a generic code, or a success step of a transcript ("250 2.1.5 Ok" before "451 4.3.0 Error")
        String fallback = isGeneric(first) ? first : "";
        int from = s.indexOf(first) + first.length();
        for (int tries = 0; tries < 20 && from < Math.min(s.length(), MAX_SCAN); tries++) {
            String next = firstStatus(s, from);
            if (next.isEmpty()) {
                break;
            }
            if (!isGeneric(next) && !next.startsWith("2")) {
                return next;
            }
            if ((fallback.isEmpty() || fallback.startsWith("2")) && isGeneric(next) && !next.startsWith("2")) {
                fallback = next;
            }
            from = s.indexOf(next, from) + next.length();
        }
        return fallback.isEmpty() ? first : fallback;
    }

    static boolean isGeneric(String code) {
        return code.endsWith(".0.0") || code.equals("4.4.7");
    }

    private static String firstStatus(String s, int from) {
        int n = Math.min(s.length(), MAX_SCAN);
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if ((c == '2' || c == '4' || c == '5') && i + 4 < s.length() && s.charAt(i + 1) == '.'
                    && (i == 0 || !isCodeChar(s.charAt(i - 1)))) {
                int j = i + 2;
                int a = digits(s, j, 3);
                if (a == 0 || j + a >= s.length() || s.charAt(j + a) != '.') {
                    continue;
                }
                int k = j + a + 1;
                int b = digits(s, k, 3);
                if (b == 0 || (k + b < s.length() && (isCodeChar(s.charAt(k + b)) && s.charAt(k + b) != '.'))) {
                    continue;
                }
                if (k + b < s.length() && s.charAt(k + b) == '.' && k + b + 1 < s.length()
                        && Character.isDigit(s.charAt(k + b + 1))) {
                    continue; // an IP address or a version number, not a status code
                }
                String code = s.substring(i, k + b);
                if (plausible(code)) {
                    return code;
                }
            }
        }
        return "";
    }

    private static boolean plausible(String code) {
        int first = code.indexOf('.');
        int second = code.indexOf('.', first + 1);
        int subject = Integer.parseInt(code.substring(first + 1, second));
        return subject <= 7 || subject == 9;
    }

    /** The first SMTP reply code (2xx/4xx/5xx followed by space, dash or end) in the text, or empty. */
    static String replyCode(String s) {
        String first = replyCodeFrom(s, 0);
        if (!first.startsWith("2")) {
            return first;
        }
        // a transcript: "250 Ok" steps before the failing reply, which is the one that matters
        int from = s.indexOf(first) + 3;
        for (int tries = 0; tries < 20 && from < Math.min(s.length(), MAX_SCAN); tries++) {
            String next = replyCodeFrom(s, from);
            if (next.isEmpty()) {
                break;
            }
            if (!next.startsWith("2")) {
                return next;
            }
            from = s.indexOf(next, from) + 3;
        }
        return first;
    }

    /** The first reply code of the given class ('4' or '5') in the text, or empty. */
    static String replyCode(String s, char cls) {
        int from = 0;
        for (int tries = 0; tries < 20 && from < Math.min(s.length(), MAX_SCAN); tries++) {
            String next = replyCodeFrom(s, from);
            if (next.isEmpty() || next.charAt(0) == cls) {
                return next;
            }
            from = s.indexOf(next, from) + 3;
        }
        return "";
    }

    private static String replyCodeFrom(String s, int from) {
        int n = Math.min(s.length(), MAX_SCAN);
        for (int i = from; i + 2 < n; i++) {
            char c = s.charAt(i);
            if ((c == '2' || c == '4' || c == '5') && (i == 0 || !isCodeChar(s.charAt(i - 1)) && s.charAt(i - 1) != '#')
                    && Character.isDigit(s.charAt(i + 1)) && Character.isDigit(s.charAt(i + 2))
                    && s.charAt(i + 1) <= '5') {
                if (i + 3 == s.length() || s.charAt(i + 3) == ' ' || s.charAt(i + 3) == '-' || s.charAt(i + 3) == '\n'
                        || s.charAt(i + 3) == '\r' || s.charAt(i + 3) == ']' || s.charAt(i + 3) == ')'
                        || s.charAt(i + 3) == ',' || s.charAt(i + 3) == ':' && (i + 4 == s.length() || s.charAt(i + 4) == ' ')) {
                    if (i + 3 < s.length() && s.charAt(i + 3) == '-' && i + 4 < s.length()
                            && Character.isDigit(s.charAt(i + 4))
                            && !(i + 5 < s.length() && s.charAt(i + 5) == '.' && s.charAt(i + 4) == c)) {
                        continue; // a date or range, not a reply ("550-5.7.1" is a multi-line reply)
                    }
                    return s.substring(i, i + 3);
                }
            }
        }
        return "";
    }

    /** Is this a reply code that means failure or success as an SMTP reply (not a port or year)? */
    static boolean isReply(String code) {
        return code.length() == 3;
    }

    /** The SMTP command a rejection text names, upper case, or empty. */
    static String command(String lower) {
        String s = lower.length() > MAX_SCAN ? lower.substring(0, MAX_SCAN) : lower;
        if (s.contains("rcpt to") || s.contains("in reply to rcpt") || s.contains("after rcpt") || s.contains("[rcpt_to]")) {
            return "RCPT";
        }
        if (s.contains("mail from") || s.contains("in reply to mail") || s.contains("after mail")) {
            return "MAIL";
        }
        if (s.contains("end of data") || s.contains("final data") || s.contains("smtp command data") || s.contains("after data") || s.contains("in reply to data")
                || s.contains("in reply to end of data") || s.contains("after end of data")) {
            return "DATA";
        }
        if (s.contains("ehlo") || s.contains("helo")) {
            return "HELO";
        }
        if (s.contains("after initial connection") || s.contains("in reply to connect") || s.contains("greeting")) {
            return "CONN";
        }
        return "";
    }

    /** The first e-mail address in the text (without angle brackets), or empty. */
    static String address(String s) {
        int n = Math.min(s.length(), MAX_SCAN);
        int at = s.indexOf('@');
        while (at > 0 && at < n) {
            int start = at;
            while (start > 0 && isLocalChar(s.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            while (end < s.length() && isDomainChar(s.charAt(end))) {
                end++;
            }
            while (end > at + 1 && s.charAt(end - 1) == '.') {
                end--;
            }
            if (start < at && end > at + 1 && s.substring(at + 1, end).indexOf('.') > 0) {
                return normalise(s.substring(start, end));
            }
            at = s.indexOf('@', at + 1);
        }
        return "";
    }

    /** Lower-cases the domain and strips decoration (quotes, brackets, a trailing dot). */
    static String normalise(String addr) {
        String a = addr.trim();
        while (!a.isEmpty() && "<\"'(".indexOf(a.charAt(0)) >= 0) {
            a = a.substring(1);
        }
        while (!a.isEmpty() && ">\"'):;,.".indexOf(a.charAt(a.length() - 1)) >= 0) {
            a = a.substring(0, a.length() - 1);
        }
        int at = a.lastIndexOf('@');
        if (at < 0) {
            return a;
        }
        return a.substring(0, at) + a.substring(at).toLowerCase(Locale.ROOT);
    }

    static boolean isLocalChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || "._%+-=!#$&'*/?^`{|}~".indexOf(c) >= 0);
    }

    static boolean isDomainChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
    }

    private static boolean isCodeChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.';
    }

    private static int digits(String s, int from, int max) {
        int n = 0;
        while (from + n < s.length() && n < max && Character.isDigit(s.charAt(from + n))) {
            n++;
        }
        if (from + n < s.length() && Character.isDigit(s.charAt(from + n))) {
            return 0;
        }
        return n;
    }
}
