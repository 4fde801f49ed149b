package dev.backstop.milter;

import java.util.List;
import java.util.Objects;

/**
 * The answer at end of message: modifications applied in order, then the final decision.
 *
 * @param modifications header, envelope and quarantine changes, possibly empty
 * @param decision the final decision; {@link Decision.Skip} is not allowed here
 */
public record EndOfMessage(List<Modification> modifications, Decision decision) {

    public EndOfMessage {
        modifications = List.copyOf(modifications);
        Objects.requireNonNull(decision, "decision");
        if (decision instanceof Decision.Skip) {
            throw new IllegalArgumentException("skip is not a final decision");
        }
    }

    public static EndOfMessage of(Decision decision, Modification... modifications) {
        return new EndOfMessage(List.of(modifications), decision);
    }

    public static final EndOfMessage CONTINUE = new EndOfMessage(List.of(), Decision.CONTINUE);
}
