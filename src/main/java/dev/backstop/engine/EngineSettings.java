package dev.backstop.engine;

import dev.backstop.config.VerdictAction;
import dev.backstop.inbound.Verdict;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the engine needs to know of the configuration; built once from the validated configuration.
 *
 * @param ourNetworks     clients whose mail is ours (outbound), besides authenticated ones
 * @param actions         what to do per verdict
 * @param batvRejects     what to do when a bad or expired BATV tag proves backscatter at RCPT: REJECT refuses
 *                        the recipient there; anything else lets the message through to be handled at its end
 * @param maxMessageBytes how much of a message is kept for judging and quarantine; a larger one is held whole in
 *                        the MTA's hold queue instead of our quarantine
 */
public record EngineSettings(
        Networks ourNetworks,
        Map<Verdict, VerdictAction> actions,
        VerdictAction batvRejects,
        int maxMessageBytes) {

    public EngineSettings {
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
