package dev.backstop.incident;

import dev.backstop.mta.Sendmail;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Mails the alert to the admin through the MTA's sendmail (an argument list holding only the configured
 * sender and admin addresses; no source name or subject ever reaches a command line). The message carries
 * {@link Alert#HEADER} so the engine passes it uncounted and unheld.
 */
public final class MailNotifier implements Notifier {
    private static final int MAX_SAMPLE = 2048;
    private final Sendmail sendmail;
    private final String sender;
    private final String admin;
    private final String hostname;
    private final Clock clock;

    public MailNotifier(Sendmail sendmail, String sender, String admin, String hostname, Clock clock) {
        this.sendmail = sendmail;
        this.sender = sender;
        this.admin = admin;
        this.hostname = hostname;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "mail " + admin;
    }

    @Override
    public void send(Alert alert) throws Exception {
        sendmail.submit(message(alert).getBytes(StandardCharsets.UTF_8), sender, List.of(admin));
    }

    /** The whole RFC 5322 message; headers are ASCII, the body UTF-8. */
    String message(Alert alert) {
        Incident i = alert.incident();
        StringBuilder m = new StringBuilder(1024);
        m.append("From: Backstop <").append(sender).append(">\r\n");
        m.append("To: ").append(admin).append("\r\n");
        m.append("Subject: ").append(headerSafe("Backstop incident " + i.id() + " " + alert.kind().label() + ": "
                + i.source())).append("\r\n");
        m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)))
                .append("\r\n");
        m.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(hostname).append(">\r\n");
        m.append(Alert.HEADER).append(": incident ").append(i.id()).append("\r\n");
        m.append("Auto-Submitted: auto-generated\r\n");
        m.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        String what = switch (alert.kind()) {
            case OPENED -> "Backstop contained an outgoing mail source: its new mail is held until you act.";
            case ESCALATED -> "The contained source keeps sending: the held count has grown past the escalation mark.";
            case RESOLVED -> "The incident was resolved by " + i.resolvedBy() + "; the source may send again.";
        };
        m.append(what).append("\r\n\r\n");
        line(m, "Incident", String.valueOf(i.id()));
        line(m, "Source", i.source());
        line(m, "Reason", i.reason());
        line(m, "First", i.opened().toString());
        line(m, "Last", i.last().toString());
        line(m, "Messages", String.valueOf(i.messages()));
        line(m, "Held", String.valueOf(i.held()));
        line(m, "Recipients", String.valueOf(i.recipients()));
        line(m, "Top domains", i.topDomains());
        line(m, "Subject", i.subject());
        m.append("\r\nActions:\r\n  backstop incidents show ").append(i.id())
                .append("\r\n  backstop incidents purge ").append(i.id()).append("     (delete the held mail)")
                .append("\r\n  backstop incidents release ").append(i.id()).append("   (send the held mail on)")
                .append("\r\n  backstop incidents unfreeze ").append(i.id()).append("  (let the source send again)\r\n");
        if (alert.kind() == AlertKind.OPENED && !i.sample().isEmpty()) {
            String sample = i.sample().length() > MAX_SAMPLE ? i.sample().substring(0, MAX_SAMPLE) + "..." : i.sample();
            m.append("\r\nHeaders of the first message (no body):\r\n");
            for (String l : sample.split("\r?\n")) {
                m.append("  ").append(bodySafe(l)).append("\r\n");
            }
        }
        return m.toString();
    }

    private static void line(StringBuilder m, String name, String value) {
        m.append(String.format("%-12s %s", name + ":", bodySafe(value))).append("\r\n");
    }

    /** Printable ASCII only: a hostile script name or subject cannot add header lines or 8-bit bytes. */
    static String headerSafe(String s) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < s.length() && b.length() < 200; k++) {
            char c = s.charAt(k);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    private static String bodySafe(String s) {
        StringBuilder b = new StringBuilder();
        String v = s == null ? "" : s;
        for (int k = 0; k < v.length() && b.length() < 1000; k++) {
            char c = v.charAt(k);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }
}
