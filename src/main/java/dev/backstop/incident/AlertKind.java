package dev.backstop.incident;

import java.util.Locale;

/** The three alerts an incident can send, each at most once. */
public enum AlertKind {
    OPENED, ESCALATED, RESOLVED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
