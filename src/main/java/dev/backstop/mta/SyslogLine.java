package dev.backstop.mta;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syslog envelope of one log line: when, which host, which program (e.g. {@code postfix/smtp},
 * {@code postfix-out/qmgr}, {@code postsuper}, {@code exim}), its pid (or -1) and the message after
 * {@code ": "}. Reads the three shapes mail logs come in:
 * <ul>
 *   <li>RFC 3164 / traditional syslog and Postfix's own {@code maillog_file}: {@code Nov 26 10:00:00 host prog[pid]: msg}
 *       (local time without a year: the year is the clock's, or last year's when that would lie in the future);
 *   <li>ISO timestamps (rsyslog {@code RSYSLOG_FileFormat}, {@code journalctl -o short-iso}):
 *       {@code 2026-11-26T10:00:00.123456+00:00 host prog[pid]: msg};
 *   <li>RFC 5424: {@code <22>1 2026-11-26T10:00:00Z host prog pid - - msg}.
 * </ul>
 */
record SyslogLine(Instant time, String host, String program, long pid, String message) {

    private static final Pattern BSD = Pattern.compile(
            "([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d{2}:\\d{2}:\\d{2})(?:\\.\\d{1,9})? (\\S+) ([^\\s\\[:]+)(?:\\[(\\d{1,10})\\])?: (.*)",
            Pattern.DOTALL);
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:?\\d{2})?) (\\S+) ([^\\s\\[:]+)(?:\\[(\\d{1,10})\\])?: (.*)",
            Pattern.DOTALL);
    private static final Pattern RFC5424 = Pattern.compile(
            "<\\d{1,3}>1 (\\S+) (\\S+) (\\S+) (\\S+) \\S+ (?:-|\\[.*?\\]) ?(.*)", Pattern.DOTALL);
    private static final DateTimeFormatter ISO_OFFSET = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /** Reads the envelope, or returns null when the line has none of the known shapes. */
    static SyslogLine parse(String line, Clock clock, ZoneId zone) {
        Matcher m = BSD.matcher(line);
        if (m.matches()) {
            Instant t = bsdTime(m.group(1), m.group(2), m.group(3), clock, zone);
            return t == null ? null : new SyslogLine(t, m.group(4), m.group(5), pid(m.group(6)), m.group(7));
        }
        m = ISO.matcher(line);
        if (m.matches()) {
            Instant t = isoTime(m.group(1), zone);
            return t == null ? null : new SyslogLine(t, m.group(2), m.group(3), pid(m.group(4)), m.group(5));
        }
        m = RFC5424.matcher(line);
        if (m.matches()) {
            Instant t = isoTime(m.group(1), zone);
            String procId = m.group(4);
            return t == null ? null
                    : new SyslogLine(t, nil(m.group(2)), nil(m.group(3)), pid(procId.matches("\\d{1,10}") ? procId : null),
                            m.group(5));
        }
        return null;
    }

    private static String nil(String s) {
        return "-".equals(s) ? "" : s;
    }

    private static long pid(String s) {
        return s == null ? -1 : Long.parseLong(s);
    }

    static Instant isoTime(String s, ZoneId zone) {
        try {
            var parsed = ISO_OFFSET.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) parsed).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Traditional syslog has no year: take the clock's, unless that puts the line more than a day ahead. */
    private static Instant bsdTime(String mon, String day, String hms, Clock clock, ZoneId zone) {
        int month = MONTHS.indexOf(mon);
        if (month < 0 || month % 3 != 0) {
            return null;
        }
        try {
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
            LocalDateTime t = LocalDateTime.of(now.getYear(), month / 3 + 1, Integer.parseInt(day),
                    Integer.parseInt(hms.substring(0, 2)), Integer.parseInt(hms.substring(3, 5)),
                    Integer.parseInt(hms.substring(6, 8)));
            ZonedDateTime z = t.atZone(zone);
            if (z.isAfter(now.plusDays(1))) {
                z = t.minusYears(1).atZone(zone);
            }
            return z.toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
