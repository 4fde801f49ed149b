package dev.backstop.bounce;

import java.util.ArrayList;
import java.util.List;

/** ARF (RFC 5965) feedback reports: who complained about which recipient address. */
final class FeedbackReader {

    /** Facts from the machine-readable report; the recipient falls back to the original's To. */
    List<Fact> read(String report, OriginalMessage original) {
        List<Fact> out = new ArrayList<>();
        String feedbackType = "";
        for (String[] f : DeliveryStatusParser.fields(report)) {
            switch (f[0]) {
                case "original-rcpt-to", "removal-recipient" -> {
                    String a = SmtpText.address(f[1]);
                    if (!a.isEmpty() && !hasAddress(out, a)) {
                        out.add(new Fact(a));
                    }
                }
                case "feedback-type" -> feedbackType = f[1].trim();
                default -> { }
            }
        }
        if (out.isEmpty()) {
            String to = SmtpText.address(original.to());
            out.add(new Fact(to));
        }
        for (Fact f : out) {
            f.reason = Reason.FEEDBACK;
            f.diagnostic = feedbackType;
            f.action = "";
        }
        return out;
    }

    private static boolean hasAddress(List<Fact> facts, String address) {
        for (Fact f : facts) {
            if (f.address.equalsIgnoreCase(address)) {
                return true;
            }
        }
        return false;
    }
}
