package dev.backstop.mta;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postfix log lines after their syslog envelope. Knows the programs by the last part of the syslog name
 * ({@code postfix/smtp}, {@code postfix-out/smtp}, {@code postsuper}), so several instances and custom
 * {@code syslog_name}s read alike. Lines of other programs and Postfix lines Backstop has no use for are
 * ignored; lines that look like ours but are broken are defects.
 */
final class PostfixLines {

    private static final Pattern QID_PREFIX = Pattern.compile("([0-9A-Za-z]{6,40}): (.*)", Pattern.DOTALL);
    private static final Pattern PICKUP = Pattern.compile("uid=(\\d{1,10}) from=<(.*)>");
    private static final Pattern QMGR_FROM = Pattern.compile("from=<(.*)>, size=(\\d{1,18}), nrcpt=(\\d{1,9}) \\(queue active\\)");
    private static final Pattern QMGR_EXPIRED = Pattern.compile("from=<(.*)>, status=expired, (.*)");
    private static final Pattern CLIENT = Pattern.compile("(.*?)\\[([^\\]]*)\\](?::\\d{1,5})?");
    private static final Pattern BOUNCE = Pattern.compile("sender non-delivery notification: ([0-9A-Za-z]{6,40})");
    private static final Pattern HOLD = Pattern.compile("(?:milter-)?hold: (.*)", Pattern.DOTALL);
    private static final Pattern DSN = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    /** smtpd sessions whose RCPT was answered HOLD before a queue id existed: pid to reason. */
    private static final int MAX_PENDING_HOLDS = 1024;

    private final LogDefects defects;
    private final Map<Long, String> pendingHolds = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > MAX_PENDING_HOLDS;
        }
    };

    PostfixLines(LogDefects defects) {
        this.defects = defects;
    }

    static boolean isPostfixProgram(String program) {
        int slash = program.lastIndexOf('/');
        return slash > 0 || program.equals("postsuper");
    }

    void parse(SyslogLine s, String line, List<LogEvent> out) {
        String program = s.program();
        String service = program.substring(program.lastIndexOf('/') + 1);
        String msg = s.message();
        if (msg.startsWith("NOQUEUE: hold: ") && service.equals("smtpd") && s.pid() >= 0) {
            // access HOLD at RCPT time: the queue id comes with the next "client=" line of this smtpd
            pendingHolds.put(s.pid(), msg.substring("NOQUEUE: hold: ".length()));
            return;
        }
        Matcher q = QID_PREFIX.matcher(msg);
        if (!q.matches() || !QueueIds.isPostfix(q.group(1))) {
            return; // connect/disconnect, NOQUEUE rejects, warnings, statistics
        }
        String qid = q.group(1);
        String rest = q.group(2);
        Instant t = s.time();
        String host = s.host();
        Matcher m;
        if (rest.startsWith("to=<")) {
            delivery(t, host, qid, rest, line, out);
            return;
        }
        if ((m = HOLD.matcher(rest)).matches()) {
            out.add(new LogEvent.Held(t, host, qid, m.group(1)));
            return;
        }
        switch (service) {
            case "pickup" -> {
                if ((m = PICKUP.matcher(rest)).matches()) {
                    out.add(new LogEvent.LocalPickup(t, host, qid, Long.parseLong(m.group(1)), m.group(2)));
                } else if (rest.startsWith("uid=")) {
                    defects.add("postfix pickup line without uid and sender", line);
                }
            }
            case "smtpd" -> {
                if (rest.startsWith("client=")) {
                    client(s, qid, rest, line, out);
                }
            }
            case "cleanup" -> {
                if (rest.startsWith("message-id=")) {
                    String id = rest.substring("message-id=".length()).strip();
                    out.add(new LogEvent.MessageIdSeen(t, host, qid, id));
                }
            }
            case "qmgr" -> {
                if (rest.equals("removed")) {
                    out.add(new LogEvent.Removed(t, host, qid));
                } else if ((m = QMGR_FROM.matcher(rest)).matches()) {
                    out.add(new LogEvent.QueueActive(t, host, qid, m.group(1), Long.parseLong(m.group(2)),
                            Integer.parseInt(m.group(3))));
                } else if ((m = QMGR_EXPIRED.matcher(rest)).matches()) {
                    out.add(new LogEvent.Delivery(t, host, qid, "", "", "", DeliveryStatus.BOUNCED, "",
                            "expired, " + m.group(2)));
                } else if (rest.startsWith("from=<")) {
                    defects.add("postfix qmgr line not understood", line);
                }
            }
            case "bounce" -> {
                if ((m = BOUNCE.matcher(rest)).matches()) {
                    out.add(new LogEvent.BounceCreated(t, host, qid, m.group(1)));
                }
            }
            case "postsuper" -> {
                switch (rest) {
                    case "removed" -> out.add(new LogEvent.Removed(t, host, qid));
                    case "placed on hold" -> out.add(new LogEvent.Held(t, host, qid, "postsuper -h"));
                    case "released from hold" -> out.add(new LogEvent.Released(t, host, qid));
                    default -> { }
                }
            }
            default -> { }
        }
    }

    private void client(SyslogLine s, String qid, String rest, String line, List<LogEvent> out) {
        Map<String, String> kv = fields(rest);
        Matcher c = CLIENT.matcher(kv.getOrDefault("client", ""));
        if (!c.matches()) {
            defects.add("postfix smtpd client= without name[address]", line);
            return;
        }
        out.add(new LogEvent.ClientSubmission(s.time(), s.host(), qid, c.group(1), c.group(2),
                kv.getOrDefault("sasl_method", ""), kv.getOrDefault("sasl_username", "")));
        String hold = s.pid() >= 0 ? pendingHolds.remove(s.pid()) : null;
        if (hold != null) {
            out.add(new LogEvent.Held(s.time(), s.host(), qid, hold));
        }
    }

    /** {@code to=<x>, orig_to=<y>, relay=..., delay=..., delays=..., dsn=5.1.1, status=bounced (detail)}. */
    private void delivery(Instant t, String host, String qid, String rest, String line, List<LogEvent> out) {
        int status = rest.indexOf(", status=");
        int toEnd = rest.indexOf(">, ");
        if (status < 0 || toEnd < 0 || toEnd > status) {
            defects.add("postfix delivery line without to=<...> and status=", line);
            return;
        }
        String recipient = rest.substring(4, toEnd);
        // "to=<x>, status=..." has no fields between: toEnd + 3 lies past the status
        Map<String, String> kv = toEnd + 3 <= status ? fields(rest.substring(toEnd + 3, status)) : Map.of();
        String after = rest.substring(status + ", status=".length());
        int sp = after.indexOf(' ');
        String word = sp < 0 ? after : after.substring(0, sp);
        String detail = "";
        if (sp >= 0) {
            detail = after.substring(sp + 1).strip();
            if (detail.startsWith("(") && detail.endsWith(")")) {
                detail = detail.substring(1, detail.length() - 1);
            }
        }
        DeliveryStatus st = switch (word) {
            case "sent" -> DeliveryStatus.SENT;
            case "deferred" -> DeliveryStatus.DEFERRED;
            case "bounced", "expired" -> DeliveryStatus.BOUNCED;
            default -> null; // deliverable/undeliverable: address verification probes, not mail
        };
        if (st == null) {
            return;
        }
        String dsn = kv.getOrDefault("dsn", "");
        if (!dsn.isEmpty() && !DSN.matcher(dsn).matches()) {
            defects.add("postfix delivery line with a malformed dsn=", line);
            dsn = "";
        }
        String orig = kv.getOrDefault("orig_to", "");
        if (orig.startsWith("<") && orig.endsWith(">")) {
            orig = orig.substring(1, orig.length() - 1);
        }
        out.add(new LogEvent.Delivery(t, host, qid, recipient, orig, kv.getOrDefault("relay", ""), st, dsn, detail));
    }

    /** {@code a=1, b=<x, y>, c=3}: a comma inside angle brackets does not split. */
    static Map<String, String> fields(String s) {
        Map<String, String> kv = new LinkedHashMap<>();
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        for (String p : parts) {
            String t = p.strip();
            int eq = t.indexOf('=');
            if (eq > 0) {
                kv.putIfAbsent(t.substring(0, eq), t.substring(eq + 1));
            }
        }
        return kv;
    }
}
