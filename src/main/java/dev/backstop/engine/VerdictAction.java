package dev.backstop.engine;

import java.util.Locale;

/** What to do with a judged bounce; configured per verdict. */
public enum VerdictAction {
    /** Deliver it with the X-Backstop headers. */
    DELIVER,
    /** Keep it in Backstop's quarantine (releasable) and take it off the MTA's hands. */
    QUARANTINE,
    /** Put it in the MTA's hold queue. */
    HOLD,
    /** Refuse it with 550 5.7.1 (the sending MTA keeps the notice; nothing reaches the user). */
    REJECT,
    /** Drop it, recording an event: only where the admin asked for it. */
    DISCARD;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VerdictAction parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
