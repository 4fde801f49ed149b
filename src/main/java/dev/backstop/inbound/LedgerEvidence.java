package dev.backstop.inbound;

import dev.backstop.bounce.Kind;
import dev.backstop.store.Ledger;
import dev.backstop.store.LedgerEntry;
import dev.backstop.store.StoreException;
import java.util.List;

/**
 * The ledger of mail we sent: a bounce whose quoted original Message-ID we sent is genuine (decisive), and so is
 * an auto-reply whose In-Reply-To/References name a message we sent; an auto-reply that names only messages we
 * never sent is medium evidence of backscatter.
 */
public final class LedgerEvidence implements EvidenceSource {
    private final Ledger ledger;

    public LedgerEvidence(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void collect(BounceCandidate c, List<Evidence> out) {
        try {
            String id = c.report().original().messageId();
            if (!id.isBlank()) {
                List<LedgerEntry> rows = ledger.byMessageId(id);
                if (!rows.isEmpty()) {
                    LedgerEntry e = rows.get(0);
                    out.add(Evidence.genuine("ledger", Evidence.Strength.DECISIVE, "original Message-ID " + id
                            + " is in the ledger (sent " + e.message().time() + " by " + e.message().source() + ")"));
                    return;
                }
                out.add(Evidence.note("ledger", "original Message-ID " + id + " is not in the ledger"));
            }
            if (c.report().kind() == Kind.AUTO_REPLY && !c.inReplyTo().isEmpty()) {
                List<LedgerEntry> rows = ledger.byAnyMessageId(c.inReplyTo());
                if (!rows.isEmpty()) {
                    out.add(Evidence.genuine("auto-reply", Evidence.Strength.DECISIVE, "the auto-reply answers "
                            + rows.get(0).message().messageId() + ", which we sent"));
                } else {
                    out.add(Evidence.backscatter("auto-reply", Evidence.Strength.MEDIUM,
                            "the auto-reply answers " + c.inReplyTo().size() + " message id(s), none of them ours"));
                }
            }
        } catch (StoreException e) {
            out.add(Evidence.note("ledger", "ledger lookup failed: " + e.getMessage()));
        }
    }
}
