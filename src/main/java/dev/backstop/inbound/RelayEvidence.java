package dev.backstop.inbound;

import java.util.List;

/** Our own relays in the quoted original's Received chain: medium evidence that we sent it. */
public final class RelayEvidence implements EvidenceSource {
    private final List<String> relays;

    /** @param relays host names, {@code .suffix} names, IP addresses or networks of our outgoing relays */
    public RelayEvidence(List<String> relays) {
        this.relays = List.copyOf(relays);
    }

    @Override
    public void collect(BounceCandidate c, List<Evidence> out) {
        List<String> received = c.report().original().received();
        if (relays.isEmpty() || received.isEmpty()) {
            return;
        }
        List<String> seen = ReceivedChain.parse(received).mentioned(relays);
        if (!seen.isEmpty()) {
            out.add(Evidence.genuine("relay", Evidence.Strength.MEDIUM,
                    "the quoted Received chain passes through our relay " + seen.get(0)));
        } else {
            out.add(Evidence.note("relay", "none of our relays in the " + received.size() + " quoted Received lines"));
        }
    }
}
