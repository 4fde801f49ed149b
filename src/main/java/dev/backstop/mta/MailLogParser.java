package dev.backstop.mta;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns mail log lines into {@link LogEvent}s. One parser reads one log (it keeps a little state between
 * lines, e.g. Postfix smtpd's HOLD before the queue id exists); it is not thread-safe. Lines of other programs
 * are ignored; lines that are not log lines at all, are longer than {@link #MAX_LINE} or look like the MTA's but
 * are broken are counted in {@link #defects()}, never thrown.
 */
public final class MailLogParser {

    /** Longest line parsed; Exim arrivals with many recipients are long, but not this long. */
    public static final int MAX_LINE = 32 * 1024;

    /** Which MTA wrote the log. */
    public enum Format {
        /** Postfix through syslog or its own {@code maillog_file}. */
        POSTFIX,
        /** Exim's main log, written by Exim itself or through syslog. */
        EXIM
    }

    private final Format format;
    private final Clock clock;
    private final ZoneId zone;
    private final LogDefects defects;
    private final PostfixLines postfix;
    private final EximLines exim;

    /**
     * @param clock   gives the year for syslog timestamps that have none (pass a clock set to the log file's
     *                modification time when replaying an old log)
     * @param zone    the zone of timestamps without an offset (the mail host's local time)
     * @param defects where unusable lines are counted
     */
    public MailLogParser(Format format, Clock clock, ZoneId zone, LogDefects defects) {
        this.format = Objects.requireNonNull(format, "format");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.defects = Objects.requireNonNull(defects, "defects");
        this.postfix = new PostfixLines(defects);
        this.exim = new EximLines(defects, zone);
    }

    public Format format() {
        return format;
    }

    public LogDefects defects() {
        return defects;
    }

    /** The events of one line (usually none or one), without its line terminator. */
    public List<LogEvent> parse(String line) {
        if (line == null || line.isBlank()) {
            return List.of();
        }
        if (line.length() > MAX_LINE) {
            defects.add("line longer than " + MAX_LINE + " characters (" + line.length() + ")", line);
            return List.of();
        }
        List<LogEvent> out = new ArrayList<>(1);
        try {
            if (format == Format.EXIM && EximLines.looksLikeExim(line)) {
                exim.parse(line, null, "", -1, line, out);
                return out;
            }
            SyslogLine s = SyslogLine.parse(line, clock, zone);
            if (s == null) {
                defects.add("no syslog or " + format.name().toLowerCase(java.util.Locale.ROOT) + " line prefix", line);
                return List.of();
            }
            if (format == Format.POSTFIX) {
                if (PostfixLines.isPostfixProgram(s.program())) {
                    postfix.parse(s, line, out);
                }
            } else if (s.program().startsWith("exim")) {
                exim.parse(s.message(), s.time(), s.host(), s.pid(), line, out);
            }
        } catch (RuntimeException e) {
            // a parser bug must cost one line, not the log reader: count it and keep the line for the report
            defects.add("parser failure " + e.getClass().getSimpleName(), line);
            return List.of();
        }
        return out;
    }
}
