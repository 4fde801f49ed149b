package dev.backstop.inbound;

import java.util.List;

/**
 * Weighs evidence into a verdict. Decisive findings settle it (two decisive findings that disagree settle
 * nothing); otherwise the weights add up per side and a side wins only with at least medium weight and a
 * clear lead, so that a lone weak signal (a DNS blocklist) never condemns a bounce by itself and a
 * contradiction ends in quarantine rather than in a guess.
 */
public final class VerdictRule {
    /** The least total weight that can decide without a decisive finding. */
    static final int MIN_WEIGHT = Evidence.Strength.MEDIUM.weight;
    /** When both sides have weight, the winner must lead by at least a strong finding's weight. */
    static final int MIN_LEAD = Evidence.Strength.STRONG.weight;

    private VerdictRule() {}

    public static Judgement judge(List<Evidence> evidence) {
        boolean decisiveGenuine = false;
        boolean decisiveBackscatter = false;
        int genuine = 0;
        int backscatter = 0;
        for (Evidence e : evidence) {
            if (e.says() == null) {
                continue;
            }
            boolean decisive = e.strength() == Evidence.Strength.DECISIVE;
            if (e.says() == Verdict.GENUINE) {
                decisiveGenuine |= decisive;
                genuine += decisive ? 0 : e.strength().weight;
            } else if (e.says() == Verdict.BACKSCATTER) {
                decisiveBackscatter |= decisive;
                backscatter += decisive ? 0 : e.strength().weight;
            }
        }
        if (decisiveGenuine && decisiveBackscatter) {
            return new Judgement(Verdict.UNKNOWN, evidence, "decisive evidence contradicts itself");
        }
        if (decisiveGenuine) {
            return new Judgement(Verdict.GENUINE, evidence, "decisive evidence that we sent the original");
        }
        if (decisiveBackscatter) {
            return new Judgement(Verdict.BACKSCATTER, evidence, "decisive evidence that we did not send the original");
        }
        if (genuine >= MIN_WEIGHT && (backscatter == 0 || genuine - backscatter >= MIN_LEAD)) {
            return new Judgement(Verdict.GENUINE, evidence,
                    "evidence for our origin (weight " + genuine + " against " + backscatter + ")");
        }
        if (backscatter >= MIN_WEIGHT && (genuine == 0 || backscatter - genuine >= MIN_LEAD)) {
            return new Judgement(Verdict.BACKSCATTER, evidence,
                    "evidence against our origin (weight " + backscatter + " against " + genuine + ")");
        }
        if (genuine == 0 && backscatter == 0) {
            return new Judgement(Verdict.UNKNOWN, evidence, "no evidence either way");
        }
        return new Judgement(Verdict.UNKNOWN, evidence,
                "evidence too weak or contradictory (for " + genuine + ", against " + backscatter + ")");
    }
}
