package dev.backstop.inbound;

import java.util.List;

/**
 * Our DKIM signature on the quoted original, verified over its headers: strong evidence that we sent it. A
 * signature of ours that fails is only noted, since relays and bounce generators do rewrite headers.
 */
public final class DkimEvidence implements EvidenceSource {
    private final DkimHeaderVerifier verifier;

    public DkimEvidence(DkimHeaderVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void collect(BounceCandidate c, List<Evidence> out) {
        String headers = c.report().original().rawHeaders();
        if (headers.isEmpty() || c.report().original().dkimSignatures().isEmpty()) {
            return;
        }
        DkimResult r = verifier.verify(headers);
        switch (r.status()) {
            case VERIFIED -> out.add(Evidence.genuine("dkim", Evidence.Strength.STRONG,
                    "our DKIM signature (d=" + r.domain() + ", s=" + r.selector() + ") verifies over the quoted headers"));
            case FAILED -> out.add(Evidence.note("dkim", "a DKIM signature of ours does not verify: " + r.reason()));
            default -> out.add(Evidence.note("dkim", r.status().name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + (r.reason() == null || r.reason().isEmpty() ? "" : ": " + r.reason())));
        }
    }
}
