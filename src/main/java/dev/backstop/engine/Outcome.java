package dev.backstop.engine;

import java.util.List;

/** The end of one message: changes applied in order, then the final action. */
public record Outcome(List<Change> changes, Action action) {
    public Outcome {
        changes = List.copyOf(changes);
    }

    public static Outcome of(Action action) {
        return new Outcome(List.of(), action);
    }
}
