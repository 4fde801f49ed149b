package dev.backstop.cli;

import dev.backstop.batv.Batv;
import dev.backstop.bounce.BounceReader;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigException;
import dev.backstop.dns.Dns;
import dev.backstop.dns.DnsjavaResolver;
import dev.backstop.engine.Engine;
import dev.backstop.engine.EngineSettings;
import dev.backstop.engine.Networks;
import dev.backstop.engine.OwnBounceGuard;
import dev.backstop.inbound.BackscatterGuard;
import dev.backstop.inbound.DkimEvidence;
import dev.backstop.inbound.DkimHeaderVerifier;
import dev.backstop.inbound.Dnsbl;
import dev.backstop.inbound.DnsblEvidence;
import dev.backstop.inbound.EvidenceSource;
import dev.backstop.inbound.LedgerEvidence;
import dev.backstop.inbound.RelayEvidence;
import dev.backstop.inbound.SpfEvaluator;
import dev.backstop.inbound.SpfEvidence;
import dev.backstop.inbound.Verdict;
import dev.backstop.mta.Sendmail;
import dev.backstop.outbound.Containment;
import dev.backstop.store.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the engine and its parts from a validated configuration: the one place that knows every class. */
final class Wiring {
    /** Messages larger than this are judged on their start and held whole in the MTA's hold queue. */
    static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

    private Wiring() {}

    static Engine engine(BackstopConfig config, Store store, Containment containment, Clock clock) {
        return engine(config, store, containment, clock, null);
    }

    /** @param fixedDns the resolver to use instead of the configured one (the demo's zone), or null */
    static Engine engine(BackstopConfig config, Store store, Containment containment, Clock clock, Dns fixedDns) {
        Batv batv = Batv.fromConfig(config.batv(), clock);
        BackstopConfig.Inbound in = config.inbound();
        List<EvidenceSource> sources = new ArrayList<>();
        sources.add(new LedgerEvidence(store.ledger()));
        if (in.dkim().configured()) {
            sources.add(new DkimEvidence(new DkimHeaderVerifier(List.of(dkimKey(in.dkim())))));
        }
        sources.add(new RelayEvidence(in.relays()));
        Dns dns = fixedDns;
        SpfEvaluator spf = null;
        Set<String> ourDomains = new LinkedHashSet<>(in.domains());
        ourDomains.addAll(config.batv().domains());
        if (in.spf().enabled()) {
            dns = dns != null ? dns : dns(in);
            spf = new SpfEvaluator(dns);
            if (!ourDomains.isEmpty()) {
                sources.add(new SpfEvidence(spf, ourDomains, in.relays()));
            }
        }
        if (!in.dnsbl().zones().isEmpty()) {
            sources.add(new DnsblEvidence(new Dnsbl(dns == null ? dns(in) : dns, in.dnsbl().zones())));
        }
        Map<Verdict, dev.backstop.config.VerdictAction> actions = new EnumMap<>(Verdict.class);
        actions.put(Verdict.GENUINE, in.actions().genuine());
        actions.put(Verdict.BACKSCATTER, in.actions().backscatter());
        actions.put(Verdict.UNKNOWN, in.actions().unknown());
        EngineSettings settings = new EngineSettings(Networks.parse(config.outbound().networks()), actions,
                in.actions().backscatterBatv(), MAX_MESSAGE_BYTES);
        return new Engine(settings, store, batv, new BounceReader(), new BackscatterGuard(sources), containment,
                config.outbound().ownBounces() == dev.backstop.config.VerdictAction.DELIVER ? null
                        : new OwnBounceGuard(spf, in.relays(), containment, store, config.outbound().ownBounces()),
                clock, hostname());
    }

    static Containment containment(BackstopConfig config, Store store, Clock clock) {
        return Containment.fromConfig(config.outbound(), store, sendmail(config), hostname(), clock);
    }

    static Sendmail sendmail(BackstopConfig config) {
        return new Sendmail(config.inbound().quarantine().releaseCommand(),
                config.mta().configDir(), Duration.ofSeconds(60));
    }

    private static Dns dns(BackstopConfig.Inbound in) {
        Duration timeout = Duration.ofMillis(in.dns().timeoutMs());
        return DnsjavaResolver.fromConfig(in.dns().resolver() == null ? "system" : in.dns().resolver().toString(),
                timeout);
    }

    private static DkimHeaderVerifier.Key dkimKey(BackstopConfig.Dkim dkim) {
        if (dkim.publicKeyFile() == null) {
            throw new ConfigException("inbound.dkim.public_key_file: missing (needed with selector and domain)");
        }
        try {
            return new DkimHeaderVerifier.Key(dkim.domain(), dkim.selector(),
                    DkimHeaderVerifier.parseKey(Files.readString(dkim.publicKeyFile())));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("inbound.dkim.public_key_file: cannot read a key from '" + dkim.publicKeyFile()
                    + "': " + e.getMessage());
        }
    }

    static String hostname() {
        try {
            String h = InetAddress.getLocalHost().getCanonicalHostName();
            return h == null || h.isBlank() ? "localhost" : h;
        } catch (IOException e) {
            return "localhost";
        }
    }
}
