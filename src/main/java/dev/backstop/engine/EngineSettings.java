package dev.backstop.engine;

import dev.backstop.inbound.Verdict;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * What the engine needs to know of the configuration; built once, validated by the configuration loader.
 *
 * @param ourNetworks    clients whose mail is ours (outbound), besides authenticated ones
 * @param signingDomains domains whose envelope senders get BATV tags, lower case
 * @param batvStrict     reject a null-sender message to an untagged address of a signing domain
 * @param actions        what to do per verdict
 * @param maxMessageBytes how much of a message is kept for judging and quarantine; past it the verdict is unknown
 */
public record EngineSettings(
        Networks ourNetworks,
        Set<String> signingDomains,
        boolean batvStrict,
        Map<Verdict, VerdictAction> actions,
        int maxMessageBytes) {

    public EngineSettings {
        signingDomains = Set.copyOf(signingDomains);
        actions = Map.copyOf(new EnumMap<>(actions));
        for (Verdict v : Verdict.values()) {
            if (!actions.containsKey(v)) {
                throw new IllegalArgumentException("no action for verdict " + v.label());
            }
        }
        if (maxMessageBytes < 64 * 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 64 KiB: " + maxMessageBytes);
        }
    }

    /** The defaults of the design: genuine delivered, backscatter and unknown quarantined. */
    public static Map<Verdict, VerdictAction> defaultActions() {
        return Map.of(Verdict.GENUINE, VerdictAction.DELIVER, Verdict.BACKSCATTER, VerdictAction.QUARANTINE,
                Verdict.UNKNOWN, VerdictAction.QUARANTINE);
    }
}
