package dev.backstop.engine;

import dev.backstop.batv.BatvStatus;
import dev.backstop.bounce.BounceReport;
import java.util.Optional;
import dev.backstop.incident.Alert;
import dev.backstop.outbound.Containment;
import dev.backstop.outbound.ContainmentDecision;
import dev.backstop.outbound.ContentFingerprint;
import dev.backstop.outbound.OutgoingMessage;
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
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern DKIM_B = Pattern.compile("(?:^|;)\\s*b\\s*=\\s*([A-Za-z0-9+/=\\s]+)");

    private OutboundStep() {}

    static Outcome run(MailSession s, String queueId) {
        MessageBuffer m = s.message;
        boolean local = s.saslLogin == null && isLoopback(s.client.address());
        if (local && !m.first(RELEASED).isEmpty()) {
            return Outcome.of(Action.CONTINUE); // a message released from our quarantine: it was judged already
        }
        if (s.sender.isEmpty()) {
            return ownBounce(s, queueId);
        }
        if (s.recipients.isEmpty()) {
            return Outcome.of(Action.CONTINUE);
        }
        Containment containment = s.engine.containment;
        if (local && !m.first(Alert.HEADER).isEmpty()
                && s.sender.equalsIgnoreCase(containment.policy().alerts().sender())) {
            return Outcome.of(Action.CONTINUE); // our own alert: never counted, never held
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
        long fp = s.fingerprint != null ? s.fingerprint.finish() : ContentFingerprint.of(m.first("Subject"), "");
        ContainmentDecision d = containment.observe(new OutgoingMessage(source, s.sender, s.recipients,
                m.first("Subject"), fp, queueId, s.engine.clock.instant(), headerSample(m)));
        return new Outcome(changes, switch (d.action()) {
            case ACCEPT -> Action.CONTINUE;
            case HOLD -> new Action.Hold("Backstop: " + d.reason());
            case TEMPFAIL -> Action.tempfail("4.7.1", "Backstop: " + d.reason());
            case REJECT -> Action.reject("5.7.1", "Backstop: " + d.reason());
        });
    }

    /** A bounce our own server made: it goes out unless it would be backscatter itself. */
    private static Outcome ownBounce(MailSession s, String queueId) {
        if (s.engine.ownBounces == null || s.recipients.isEmpty()) {
            return Outcome.of(Action.CONTINUE);
        }
        BounceReport report = s.engine.reader.read(s.message.raw());
        for (String addressee : s.recipients) {
            Optional<String> why = s.engine.ownBounces.reasonToStop(report, addressee);
            if (why.isPresent()) {
                boolean discard = s.engine.ownBounces.action == dev.backstop.config.VerdictAction.DISCARD;
                String what = discard ? "discarded" : "held";
                log.info("queue_id={} our bounce to {} {}: {}", queueId, addressee, what, why.get());
                s.event("own-bounce." + what, "our bounce to " + addressee + " " + what, why.get());
                return Outcome.of(discard ? Action.DISCARD
                        : new Action.Hold("Backstop: our bounce would be backscatter: " + why.get()));
            }
        }
        return Outcome.of(Action.CONTINUE);
    }

    /** The headers that identify a message for the incident sample: never the body. */
    static String headerSample(MessageBuffer m) {
        StringBuilder b = new StringBuilder();
        for (java.util.Map.Entry<String, String> h : m.headers()) {
            String n = h.getKey();
            if (n.equalsIgnoreCase("From") || n.equalsIgnoreCase("To") || n.equalsIgnoreCase("Subject")
                    || n.equalsIgnoreCase("Message-ID") || n.equalsIgnoreCase("X-PHP-Originating-Script")
                    || n.equalsIgnoreCase("Reply-To")) {
                b.append(n).append(": ").append(oneLine(h.getValue())).append('\n');
            }
            if (b.length() > 2000) {
                break;
            }
        }
        return b.toString();
    }

    /** Folded header lines joined into one; most values have no line break and need no regex. */
    static String oneLine(String value) {
        return value.indexOf('\r') < 0 && value.indexOf('\n') < 0 ? value : LINE_BREAKS.matcher(value).replaceAll(" ");
    }

    /** The {@code b=} of the first DKIM-Signature, whitespace removed, or null. */
    static String dkimB(MessageBuffer m) {
        String sig = m.first("DKIM-Signature");
        if (sig.isEmpty()) {
            return null;
        }
        Matcher x = DKIM_B.matcher(sig);
        return x.find() ? WHITESPACE.matcher(x.group(1)).replaceAll("") : null;
    }

    static boolean isLoopback(String address) {
        return Networks.literal(address).map(InetAddress::isLoopbackAddress).orElse(false);
    }
}
