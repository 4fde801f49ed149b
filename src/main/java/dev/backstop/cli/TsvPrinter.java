package dev.backstop.cli;

import dev.backstop.bounce.BounceRecipient;
import dev.backstop.bounce.BounceReport;
import dev.backstop.bounce.Kind;
import java.io.PrintWriter;

/**
 * One row per recipient: file (the mbox file itself for each of its messages, as Sisimai names them), recipient, status, reply code, reason, hard bounce, kind, original Message-ID. The
 * status column is headed {@code deliverystatus}, the name Sisimai's tools and the corpus scorer ({@code score.py})
 * read, so the output feeds the scorer as it is. A message that is
 * not a bounce prints no row; a bounce whose recipient could not be found prints one row with an empty recipient.
 */
final class TsvPrinter implements ReportPrinter {
    static final String HEADER = "file\trecipient\tdeliverystatus\treplycode\treason\thardbounce\tkind\toriginal_message_id";

    private final PrintWriter out;

    TsvPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void begin() {
        out.println(HEADER);
    }

    @Override
    public void print(String file, String name, BounceReport r) {
        if (r.kind() == Kind.NOT_A_BOUNCE) {
            return;
        }
        String tail = r.kind().label() + '\t' + clean(r.original().messageId());
        if (r.recipients().isEmpty()) {
            out.println(clean(file) + "\t\t\t\t\t\t" + tail);
            return;
        }
        for (BounceRecipient x : r.recipients()) {
            out.println(String.join("\t",
                    clean(file), clean(x.address()), clean(x.status()), clean(x.replyCode()), x.reason().label(),
                    x.hard() ? "1" : "0", tail));
        }
    }

    /** TSV has no quoting: tabs and line breaks inside a field become spaces. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, ' ');
            }
        }
        return b == null ? s : b.toString();
    }
}
