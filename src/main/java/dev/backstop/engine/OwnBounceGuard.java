package dev.backstop.engine;

import dev.backstop.bounce.BounceReport;
import dev.backstop.config.VerdictAction;
import dev.backstop.inbound.ReceivedChain;
import dev.backstop.inbound.SpfEvaluator;
import dev.backstop.inbound.SpfResult;
import dev.backstop.outbound.Containment;
import dev.backstop.outbound.Source;
import dev.backstop.store.LedgerEntry;
import dev.backstop.store.Store;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps our own server from producing backscatter. Postfix passes the bounces it generates through the milter
 * when {@code internal_mail_filter_classes = bounce}; such a bounce is stopped when the mail it answers was
 * forged (its sender's domain fails SPF for the host that handed it to us) or abusive (it came from a source
 * that is frozen in an incident), so innocent third parties are not hit by our non-delivery notices.
 */
public final class OwnBounceGuard {
    private final SpfEvaluator spf;
    private final List<String> relays;
    private final Containment containment;
    private final Store store;
    final VerdictAction action;

    /**
     * @param spf    the SPF evaluator, or null to skip that check
     * @param action HOLD (Postfix's hold queue) or DISCARD (recorded as an event)
     */
    public OwnBounceGuard(SpfEvaluator spf, List<String> relays, Containment containment, Store store,
                          VerdictAction action) {
        this.spf = spf;
        this.action = action;
        this.relays = List.copyOf(relays);
        this.containment = containment;
        this.store = store;
    }

    /**
     * Why this bounce of ours should not go out, or empty when it may.
     *
     * @param report    the bounce reader's report of our bounce
     * @param addressee the bounce's envelope recipient: the original's sender
     */
    public Optional<String> reasonToStop(BounceReport report, String addressee) {
        String id = report.original().messageId();
        if (!id.isEmpty()) {
            for (LedgerEntry e : store.ledger().byMessageId(id)) {
                try {
                    if (containment.isFrozen(Source.parse(e.message().source()))) {
                        return Optional.of("it answers mail of " + e.message().source() + ", which is frozen in an incident");
                    }
                } catch (IllegalArgumentException ignored) {
                    // a ledger row written by an older version without a parsable source
                }
            }
        }
        int at = addressee.lastIndexOf('@');
        if (spf == null || at < 0) {
            return Optional.empty();
        }
        String domain = addressee.substring(at + 1).toLowerCase(Locale.ROOT);
        Optional<ReceivedChain.Hop> hop = ReceivedChain.parse(report.original().received()).firstOutsideHop(relays);
        if (hop.isEmpty() || hop.get().ip().isEmpty()) {
            return Optional.empty();
        }
        InetAddress ip = hop.get().ip().get();
        SpfResult r = spf.checkHost(ip, domain, addressee);
        if (r.code() == SpfResult.Code.FAIL) {
            return Optional.of("the original's sender " + domain + " fails SPF for " + ip.getHostAddress()
                    + ", the host that handed it to us: the sender was forged");
        }
        return Optional.empty();
    }
}
