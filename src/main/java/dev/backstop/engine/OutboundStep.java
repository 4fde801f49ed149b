package dev.backstop.engine;

import dev.backstop.batv.BatvStatus;
import dev.backstop.outbound.Source;
import dev.backstop.outbound.SourceAttribution;
import dev.backstop.store.SentMessage;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The end of an outgoing message: BATV-sign the sender, give it a Message-ID if it has none, record it. */
final class OutboundStep {
    private static final Logger log = LoggerFactory.getLogger(OutboundStep.class);
    static final String RELEASED = "X-Backstop-Released";
    private static final Pattern DKIM_B = Pattern.compile("(?:^|;)\\s*b\\s*=\\s*([A-Za-z0-9+/=\\s]+)");

    private OutboundStep() {}

    static Outcome run(MailSession s, String queueId) {
        MessageBuffer m = s.message;
        boolean local = s.saslLogin == null && isLoopback(s.client.address());
        if (local && !m.first(RELEASED).isEmpty()) {
            return Outcome.of(Action.CONTINUE); // a message released from our quarantine: it was judged already
        }
        if (s.sender.isEmpty() || s.recipients.isEmpty()) {
            return Outcome.of(Action.CONTINUE); // our own bounces: see the outbound containment for their guard
        }
        List<Change> changes = new ArrayList<>();
        String sent = s.sender;
        if (s.engine.batv.enabled() && s.engine.batv.isSigningDomain(s.sender)
                && s.engine.batv.verify(s.sender).status() == BatvStatus.NOT_SIGNED) {
            sent = s.engine.batv.sign(s.sender);
            changes.add(new Change.ChangeSender(sent));
        }
        String messageId = m.first("Message-ID");
        if (messageId.isEmpty()) {
            messageId = "<" + UUID.randomUUID() + "@" + s.engine.hostname + ">";
            changes.add(new Change.AddHeader("Message-ID", messageId));
        }
        Source source = SourceAttribution.of(m.headers(), s.saslLogin, s.client.address(), local, s.sender);
        try {
            s.engine.store.ledger().record(new SentMessage(queueId.isEmpty() ? null : queueId, messageId, sent,
                    s.sender, s.recipients, source.toString(), s.engine.clock.instant(), dkimB(m)));
        } catch (RuntimeException e) {
            // The mail still goes out: a missing ledger row costs at most a quarantined (not lost) bounce later.
            log.error("queue_id={} could not record sent mail in the ledger: {}", queueId, e.toString());
        }
        return new Outcome(changes, Action.CONTINUE);
    }

    /** The {@code b=} of the first DKIM-Signature, whitespace removed, or null. */
    static String dkimB(MessageBuffer m) {
        String sig = m.first("DKIM-Signature");
        if (sig.isEmpty()) {
            return null;
        }
        Matcher x = DKIM_B.matcher(sig);
        return x.find() ? x.group(1).replaceAll("\\s+", "") : null;
    }

    static boolean isLoopback(String address) {
        return Networks.literal(address).map(InetAddress::isLoopbackAddress).orElse(false);
    }
}
