package dev.backstop.mta;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exim main log lines ({@code /var/log/exim/mainlog}, {@code exim_mainlog}, or the same text through syslog):
 * {@code DATE TIME[.mmm][ ZONE] [[pid]] ID FLAG address fields}, as the Exim specification's chapter "Log files"
 * describes them. Flags: {@code <=} arrival, {@code =>} delivery, {@code ->} additional address in the same
 * delivery, {@code **} failure, {@code ==} deferral; plus {@code Completed}, the admin's
 * {@code frozen/unfrozen by}, and {@code cwd=... N args: ...} lines (log_selector {@code +arguments}).
 */
final class EximLines {

    private static final Pattern STAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d{3,6})?)(?: ([+-]\\d{4}))? (?:\\[(\\d{1,10})\\] )?(.*)",
            Pattern.DOTALL);
    private static final Pattern ID_REST = Pattern.compile(
            "([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) (.*)", Pattern.DOTALL);
    private static final Pattern CWD = Pattern.compile("cwd=(\\S*) (\\d{1,6}) args: ?(.*)", Pattern.DOTALL);
    private static final Pattern DSN_IN_TEXT = Pattern.compile("\\b[245]\\d\\d[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
    private static final Pattern BRACKET_IP = Pattern.compile("\\[([0-9A-Fa-f.:]+)\\](?::\\d{1,5})?");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 3, 6, true).optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter ZONED = new DateTimeFormatterBuilder()
            .append(LOCAL).appendLiteral(' ').appendOffset("+HHMM", "+0000").toFormatter(Locale.ROOT);

    private final LogDefects defects;
    private final ZoneId zone;

    EximLines(LogDefects defects, ZoneId zone) {
        this.defects = defects;
        this.zone = zone;
    }

    /** Whether {@code text} starts like an Exim log line (its own timestamp). */
    static boolean looksLikeExim(String text) {
        return text.length() > 20 && Character.isDigit(text.charAt(0)) && text.charAt(4) == '-' && text.charAt(10) == ' ';
    }

    /**
     * Parses one line; {@code fallbackTime}/{@code host} come from a syslog envelope when Exim logged through
     * syslog (its own timestamp, when present, wins).
     */
    void parse(String text, Instant fallbackTime, String host, long fallbackPid, String line, List<LogEvent> out) {
        Instant t = fallbackTime;
        long pid = fallbackPid;
        String rest = text;
        Matcher s = STAMP.matcher(text);
        if (s.matches()) {
            t = time(s.group(1), s.group(2));
            if (t == null) {
                defects.add("exim line with an impossible timestamp", line);
                return;
            }
            if (s.group(3) != null) {
                pid = Long.parseLong(s.group(3));
            }
            rest = s.group(4);
        } else if (t == null) {
            defects.add("not an exim log line", line);
            return;
        }
        Matcher c = CWD.matcher(rest);
        if (c.matches()) {
            out.add(new LogEvent.WorkingDirectory(t, host, "", c.group(1), c.group(3), pid));
            return;
        }
        Matcher m = ID_REST.matcher(rest);
        if (!m.matches() || !QueueIds.isExim(m.group(1))) {
            return; // daemon start, queue runs, SMTP connection notes, rejections without a message
        }
        String id = m.group(1);
        String body = m.group(2);
        if (body.length() >= 3 && body.charAt(2) == ' ') {
            String flag = body.substring(0, 2);
            String args = body.substring(3);
            switch (flag) {
                case "<=" -> {
                    arrival(t, host, id, args, pid, line, out);
                    return;
                }
                case "=>", "->" -> {
                    delivery(t, host, id, args, DeliveryStatus.SENT, line, out);
                    return;
                }
                case "**" -> {
                    delivery(t, host, id, args, DeliveryStatus.BOUNCED, line, out);
                    return;
                }
                case "==" -> {
                    delivery(t, host, id, args, DeliveryStatus.DEFERRED, line, out);
                    return;
                }
                default -> { }
            }
        }
        if (body.equals("Completed") || body.startsWith("Completed ")) {
            out.add(new LogEvent.Removed(t, host, id));
        } else if (body.startsWith("frozen by ")) {
            out.add(new LogEvent.Held(t, host, id, body));
        } else if (body.startsWith("Frozen")) {
            out.add(new LogEvent.Held(t, host, id, body));
        } else if (body.startsWith("unfrozen by ")) {
            out.add(new LogEvent.Released(t, host, id));
        }
    }

    private Instant time(String local, String offset) {
        try {
            if (offset != null) {
                return OffsetDateTime.parse(local + " " + offset, ZONED).toInstant();
            }
            return LocalDateTime.parse(local, LOCAL).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void arrival(Instant t, String host, String id, String args, long pid, String line, List<LogEvent> out) {
        List<String> tok = tokens(args);
        if (tok.isEmpty()) {
            defects.add("exim arrival without a sender", line);
            return;
        }
        String sender = unbracket(tok.get(0));
        String user = "";
        String proto = "";
        String authenticator = "";
        String authUser = "";
        String clientName = "";
        String clientIp = "";
        String msgId = "";
        String subject = "";
        String reference = "";
        long size = -1;
        for (int i = 1; i < tok.size(); i++) {
            String k = tok.get(i);
            if (k.equals("for")) {
                break; // the recipient list (log_selector +received_recipients)
            }
            if (k.startsWith("H=")) {
                // H=name (helo) [ip]:port, each part optional: the continuation tokens belong to H=
                StringBuilder h = new StringBuilder(k.substring(2));
                while (i + 1 < tok.size() && (tok.get(i + 1).startsWith("(") || tok.get(i + 1).startsWith("["))) {
                    h.append(' ').append(tok.get(++i));
                }
                String hv = h.toString();
                Matcher ip = BRACKET_IP.matcher(hv);
                if (ip.find()) {
                    clientIp = ip.group(1);
                }
                if (!hv.startsWith("(") && !hv.startsWith("[")) {
                    int sp = hv.indexOf(' ');
                    clientName = sp < 0 ? hv : hv.substring(0, sp);
                }
                continue;
            }
            int eq = k.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String v = k.substring(eq + 1);
            switch (k.substring(0, eq)) {
                case "U" -> user = v;
                case "P" -> proto = v;
                case "A" -> {
                    int colon = v.indexOf(':');
                    authenticator = colon < 0 ? v : v.substring(0, colon);
                    authUser = colon < 0 ? "" : v.substring(colon + 1);
                }
                case "S" -> size = v.matches("\\d{1,18}") ? Long.parseLong(v) : -1;
                case "id" -> msgId = v;
                case "T" -> subject = unquote(v);
                case "R" -> reference = QueueIds.isExim(v) ? v : "";
                default -> { }
            }
        }
        out.add(new LogEvent.Arrival(t, host, id, sender, user, proto, authenticator, authUser, clientName, clientIp,
                msgId, size, subject, pid, reference));
    }

    private void delivery(Instant t, String host, String id, String args, DeliveryStatus status, String line,
            List<LogEvent> out) {
        // the error text follows the first ": " after the address and the fields (** and ==)
        String fieldsPart = args;
        String detail = "";
        int colon = colonOutsideQuotes(args);
        if (colon >= 0) {
            fieldsPart = args.substring(0, colon);
            detail = args.substring(colon + 2).strip();
        }
        List<String> tok = tokens(fieldsPart);
        if (tok.isEmpty()) {
            defects.add("exim delivery line without an address", line);
            return;
        }
        String recipient = tok.get(0);
        String orig = "";
        String relay = "";
        String transport = "";
        for (int i = 1; i < tok.size(); i++) {
            String k = tok.get(i);
            if (k.startsWith("<") && k.endsWith(">") && orig.isEmpty()) {
                orig = unbracket(k);
            } else if (k.startsWith("(") && k.endsWith(")") && orig.isEmpty()) {
                orig = k.substring(1, k.length() - 1);
            } else if (k.startsWith("H=")) {
                relay = k.substring(2);
                if (i + 1 < tok.size() && tok.get(i + 1).startsWith("[")) {
                    relay = relay + " " + tok.get(++i);
                }
            } else if (k.startsWith("T=")) {
                transport = k.substring(2);
            } else if (k.startsWith("C=") && detail.isEmpty()) {
                detail = unquote(k.substring(2));
            }
        }
        if (relay.isEmpty()) {
            relay = transport;
        }
        String dsn = "";
        Matcher d = DSN_IN_TEXT.matcher(detail);
        if (d.find()) {
            dsn = d.group(1);
        }
        out.add(new LogEvent.Delivery(t, host, id, unbracket(recipient), orig, relay, status, dsn, detail));
    }

    /** Splits on spaces, keeping {@code "quoted strings"} (with backslash escapes) and {@code (a b)} whole. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int parens = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                cur.append(c);
                if (c == '\\' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
                cur.append(c);
            } else if (c == '(') {
                parens++;
                cur.append(c);
            } else if (c == ')' && parens > 0) {
                parens--;
                cur.append(c);
            } else if (c == ' ' && parens == 0) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private static int colonOutsideQuotes(String s) {
        boolean quoted = false;
        for (int i = 0; i + 1 < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (!quoted && c == ':' && s.charAt(i + 1) == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < v.length() - 1; i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length() - 1) {
                    c = v.charAt(++i);
                }
                b.append(c);
            }
            return b.toString();
        }
        return v;
    }

    private static String unbracket(String a) {
        return a.startsWith("<") && a.endsWith(">") ? a.substring(1, a.length() - 1) : a;
    }
}
