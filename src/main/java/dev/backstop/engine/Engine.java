package dev.backstop.engine;

import dev.backstop.batv.Batv;
import dev.backstop.bounce.BounceReader;
import dev.backstop.inbound.BackscatterGuard;
import dev.backstop.outbound.Containment;
import dev.backstop.store.Store;
import java.time.Clock;

/**
 * The judgement behind every transport: one engine serves the milter, the policy service and the log reader.
 * Thread-safe; each SMTP connection gets its own {@link MailSession}.
 */
public final class Engine {
    final EngineSettings settings;
    final Store store;
    final Batv batv;
    final BounceReader reader;
    final BackscatterGuard guard;
    final Containment containment;
    final OwnBounceGuard ownBounces;
    final Clock clock;
    final String hostname;

    /**
     * @param batv     BATV signer and verifier (disabled when no domain signs)
     * @param ownBounces the guard against our own backscatter, or null to let all our bounces out
     * @param hostname our host name, for Message-IDs we add
     */
    public Engine(EngineSettings settings, Store store, Batv batv, BounceReader reader, BackscatterGuard guard,
                  Containment containment, OwnBounceGuard ownBounces, Clock clock, String hostname) {
        this.settings = settings;
        this.store = store;
        this.batv = batv;
        this.reader = reader;
        this.guard = guard;
        this.containment = containment;
        this.ownBounces = ownBounces;
        this.clock = clock;
        this.hostname = hostname;
    }

    /** A new SMTP connection (or, for locally submitted mail, the MTA's simulated one). */
    public MailSession open(Client client) {
        return new MailSession(this, client);
    }

    public Store store() {
        return store;
    }

    public Containment containment() {
        return containment;
    }
}
