package dev.backstop.engine;

import dev.backstop.batv.BatvOutcome;
import dev.backstop.config.VerdictAction;
import dev.backstop.inbound.Evidence;
import dev.backstop.outbound.ContentFingerprint;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP connection's transactions, step by step. Not thread-safe: a transport calls it from one thread.
 *
 * <p>A message is outbound (ours) when the client authenticated, is in our networks, or comes through a service
 * named {@code ORIGINATING}; everything else is inbound, and inbound bounces are judged.
 */
public final class MailSession {
    private static final Logger log = LoggerFactory.getLogger(MailSession.class);

    final Engine engine;
    final Client client;

    // the current transaction
    String sender = "";
    String saslLogin;
    boolean outbound;
    final List<String> recipients = new ArrayList<>();
    /** BATV-tagged recipient as given, to the address behind the tag. */
    final Map<String, String> untagged = new LinkedHashMap<>();
    final List<Evidence> early = new ArrayList<>();
    MessageBuffer message;
    /** The content fingerprint of outgoing mail, started at the first body chunk (the subject is known then). */
    ContentFingerprint fingerprint;

    MailSession(Engine engine, Client client) {
        this.engine = engine;
        this.client = client;
        reset();
    }

    /** MAIL FROM: starts a transaction. {@code sender} is empty for the null sender; {@code saslLogin} may be null. */
    public Action mailFrom(String sender, String saslLogin) {
        reset();
        this.sender = sender == null ? "" : sender.trim();
        this.saslLogin = saslLogin == null || saslLogin.isBlank() ? null : saslLogin.trim();
        this.outbound = this.saslLogin != null
                || engine.settings.ourNetworks().contains(client.address())
                || "ORIGINATING".equalsIgnoreCase(client.daemon());
        return Action.CONTINUE;
    }

    /** RCPT TO: the BATV check of inbound mail happens here, so proven backscatter is refused before DATA. */
    public Action rcptTo(String recipient) {
        String rcpt = recipient == null ? "" : recipient.trim();
        if (!outbound && engine.batv.enabled() && engine.batv.isSigningDomain(rcpt)) {
            BatvOutcome check = engine.batv.verify(rcpt);
            switch (check.status()) {
                case VALID -> {
                    untagged.put(rcpt, check.address());
                    early.add(Evidence.genuine("batv", Evidence.Strength.DECISIVE, "valid BATV tag on " + rcpt));
                }
                case NOT_SIGNED -> {
                    if (engine.batv.strict() && sender.isEmpty()) {
                        event("batv.reject", "untagged bounce to " + rcpt, "strict mode");
                        return Action.reject("5.7.1", "Backstop: " + rcpt
                                + " only receives bounces of mail we sent, which always carries a BATV tag:"
                                + " this bounce answers mail we did not send");
                    }
                }
                default -> {
                    String why = check.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                    if (engine.settings.batvRejects() == VerdictAction.REJECT) {
                        event("batv.reject", why + " BATV tag on " + rcpt, check.detail());
                        return Action.reject("5.7.1", "Backstop: the BATV tag of this address is " + why
                                + ": this bounce answers mail we did not send");
                    }
                    early.add(Evidence.backscatter("batv", Evidence.Strength.DECISIVE, why + " BATV tag on " + rcpt));
                }
            }
        }
        recipients.add(rcpt);
        return Action.CONTINUE;
    }

    public void header(String name, String value) {
        if (readWhole()) {
            message.header(name, value);
        } else {
            message.headerOnly(name, value);
        }
    }

    /** Inbound mail and our own bounces are read whole; other outgoing mail only by its headers and fingerprint. */
    private boolean readWhole() {
        return !outbound || sender.isEmpty();
    }

    public void body(ByteBuffer chunk) {
        if (readWhole()) {
            message.body(chunk);
        } else { // outgoing mail's body is not kept, only fingerprinted for the repeated-content signal
            if (fingerprint == null) {
                fingerprint = new ContentFingerprint(message.first("Subject"));
            }
            fingerprint.update(chunk);
        }
    }

    /**
     * End of the message: outbound mail is recorded (and BATV-signed); inbound bounces are judged.
     *
     * @param queueId the MTA's queue id ({@code i} macro), or empty
     */
    public Outcome endOfMessage(String queueId) {
        String qid = queueId == null ? "" : queueId;
        try {
            return outbound ? OutboundStep.run(this, qid) : InboundStep.run(this, qid);
        } catch (RuntimeException e) {
            // Never lose mail on our own bug: the client is told to try again, and the log says why.
            log.error("queue_id={} client={} end of message failed, tempfail: {}", qid, client.address(), e.toString(), e);
            return Outcome.of(Action.tempfail("4.3.0", "Backstop: temporary failure, try again later"));
        } finally {
            reset();
        }
    }

    /** The MTA dropped the current message. */
    public void abort() {
        reset();
    }

    private void reset() {
        sender = "";
        saslLogin = null;
        outbound = false;
        recipients.clear();
        untagged.clear();
        early.clear();
        fingerprint = null;
        if (message == null || message.size() > 0) {
            message = new MessageBuffer(engine.settings.maxMessageBytes());
        }
    }

    void event(String type, String summary, String detail) {
        try {
            engine.store.events().append(type, summary, detail);
        } catch (RuntimeException e) {
            log.warn("could not record event {}: {}", type, e.toString());
        }
    }
}
