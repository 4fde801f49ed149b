package dev.backstop.config;

/** What to do with a bounce once its verdict is known. */
public enum VerdictAction {
    /** Pass it on to the recipient (with the X-Backstop headers). */
    DELIVER,
    /** Keep it in Backstop's quarantine, releasable later. */
    QUARANTINE,
    /** Refuse it with a 5xx reply (at RCPT when the verdict is known there). */
    REJECT,
    /** Accept and drop it; recorded as an event, never silently. */
    DISCARD,
    /** Put it on the MTA's hold queue. */
    HOLD;

    /** The name used in configuration and logs, e.g. {@code quarantine}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
