package dev.backstop.cli;

import dev.backstop.bounce.BounceRecipient;
import dev.backstop.bounce.BounceReport;
import dev.backstop.bounce.Kind;
import java.io.PrintWriter;

/** A block per message for a person at a terminal. */
final class TablePrinter implements ReportPrinter {
    private static final int DIAGNOSTIC_WIDTH = 100;
    private final PrintWriter out;

    TablePrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void print(String file, String name, BounceReport r) {
        out.printf("%s%n  kind: %s%s%n", name, r.kind().label(),
                r.reporter().isEmpty() ? "" : "   (read as " + r.reporter() + ")");
        if (r.original().isPresent()) {
            out.printf("  original (%s): Message-ID %s%n", r.original().container(),
                    orDash(r.original().messageId()));
            if (!r.original().subject().isEmpty()) {
                out.printf("    Subject: %s%n", r.original().subject());
            }
        } else if (r.kind() != Kind.NOT_A_BOUNCE) {
            out.println("  original: not quoted");
        }
        if (!r.recipients().isEmpty()) {
            out.printf("  %-40s %-7s %-5s %-16s %-4s %s%n", "recipient", "status", "reply", "reason", "hard", "remote MTA");
            for (BounceRecipient x : r.recipients()) {
                out.printf("  %-40s %-7s %-5s %-16s %-4s %s%n", orDash(x.address()), orDash(x.status()),
                        orDash(x.replyCode()), x.reason().label(), x.hard() ? "yes" : "no", orDash(x.remoteMta()));
                if (!x.diagnostic().isEmpty()) {
                    out.printf("    %s%n", shorten(x.diagnostic()));
                }
            }
        }
        for (String d : r.defects()) {
            out.printf("  defect: %s%n", d);
        }
        out.println();
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= DIAGNOSTIC_WIDTH ? one : one.substring(0, DIAGNOSTIC_WIDTH - 3) + "...";
    }
}
