package dev.backstop.inbound;

import java.util.ArrayList;
import java.util.List;

/** Collects the evidence on a bounce candidate from every source, then weighs it into a verdict. */
public final class BackscatterGuard {
    private final List<EvidenceSource> sources;

    public BackscatterGuard(List<EvidenceSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public Judgement judge(BounceCandidate candidate) {
        List<Evidence> evidence = new ArrayList<>(candidate.early());
        boolean decided = evidence.stream().anyMatch(e -> e.strength() == Evidence.Strength.DECISIVE);
        for (EvidenceSource s : sources) {
            if (decided) {
                break; // a valid BATV tag or a ledger hit needs no DNS
            }
            try {
                s.collect(candidate, evidence);
            } catch (RuntimeException e) {
                evidence.add(Evidence.note(s.getClass().getSimpleName(), "failed: " + e));
            }
            decided = evidence.stream().anyMatch(e -> e.strength() == Evidence.Strength.DECISIVE);
        }
        if (candidate.report().defects().size() > 0) {
            evidence.add(Evidence.note("reader", "the bounce reader met " + candidate.report().defects().size()
                    + " defect(s): " + candidate.report().defects().get(0)));
        }
        return VerdictRule.judge(evidence);
    }
}
