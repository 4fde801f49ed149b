package dev.backstop.bounce;

import dev.backstop.mail.MailLimits;
import dev.backstop.mail.MessageParser;
import dev.backstop.mail.MimePart;
import dev.backstop.mail.ParsedMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a raw message and reports whether, and how, it is a bounce. Never throws on bad input: what went
 * wrong is in {@link BounceReport#defects()}. Thread-safe; one instance can serve every message.
 */
public final class BounceReader {
    private final MailLimits limits;
    private final MessageParser parser;
    private final ReportBuilder builder = new ReportBuilder();

    public BounceReader() {
        this(MailLimits.DEFAULTS);
    }

    public BounceReader(MailLimits limits) {
        this.limits = limits;
        this.parser = new MessageParser(limits);
    }

    public BounceReport read(byte[] raw) {
        if (raw == null) {
            return BounceReport.notABounce(List.of("no message"));
        }
        ParsedMessage msg;
        try {
            msg = parser.parse(raw);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return BounceReport.notABounce(List.of("message unreadable: " + e.getClass().getSimpleName()));
        }
        try {
            return builder.build(msg);
        } catch (RuntimeException | StackOverflowError e) {
            List<String> defects = new ArrayList<>(msg.defects());
            defects.add("bounce rules failed: " + e.getClass().getSimpleName());
            return BounceReport.notABounce(defects);
        }
    }

    /** Reads at most {@link MailLimits#maxBytes()} bytes of the stream; the rest is left unread. */
    public BounceReport read(InputStream in) throws IOException {
        byte[] raw = in.readNBytes(limits.maxBytes());
        if (in.read() >= 0) {
            BounceReport r = read(raw);
            List<String> defects = new ArrayList<>(r.defects());
            defects.add("message longer than " + limits.maxBytes() + " bytes; the rest not read");
            return new BounceReport(r.kind(), r.recipients(), r.original(), r.reporter(), defects);
        }
        return read(raw);
    }

    /**
     * Loads and initialises the MIME parser's code by parsing a small delivery report, without the phrase
     * tables that building a reader takes most of its time for: a second thread can do this while the first
     * builds the reader, instead of the first message paying for both one after the other.
     */
    public static void prepare() {
        new MessageParser().parse(PREPARE.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static final String PREPARE = """
            From: MAILER-DAEMON@example.org
            To: sender@example.org
            Subject: Undelivered Mail Returned to Sender
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"
            MIME-Version: 1.0

            --b
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            The mail could not be delivered to <user@example.net>: user unknown=20
            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.org

            Final-Recipient: rfc822; user@example.net
            Action: failed
            Status: 5.1.1
            --b
            Content-Type: message/rfc822

            Message-ID: <1@example.org>
            Subject: =?UTF-8?B?aGVsbG8=?=

            hello
            --b--
            """;

    /** The top-level part, for callers that want headers next to the report. */
    static MimePart root(ParsedMessage m) {
        return m.root();
    }
}
