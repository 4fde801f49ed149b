package dev.backstop.inbound;

import java.util.List;

/**
 * A verdict with the evidence it rests on.
 *
 * @param verdict  genuine, backscatter or unknown
 * @param evidence every finding, in the order collected
 * @param why      one sentence for the admin and the logs
 */
public record Judgement(Verdict verdict, List<Evidence> evidence, String why) {
    public Judgement {
        evidence = List.copyOf(evidence);
    }

    /** Comma list of evidence tags that point somewhere, for a header or a log line. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        for (Evidence e : evidence) {
            if (e.says() != null) {
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append(e.source()).append('=').append(e.says().label()).append('/').append(e.strength().label());
            }
        }
        return b.length() == 0 ? "none" : b.toString();
    }
}
