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

    /** The top-level part, for callers that want headers next to the report. */
    static MimePart root(ParsedMessage m) {
        return m.root();
    }
}
