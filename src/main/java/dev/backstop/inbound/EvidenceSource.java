package dev.backstop.inbound;

import java.util.List;

/** One kind of evidence about a bounce candidate. Implementations never throw: a failure is a note. */
@FunctionalInterface
public interface EvidenceSource {
    void collect(BounceCandidate candidate, List<Evidence> out);
}
