package dev.backstop.inbound;

import java.util.Locale;

/** Whether a bounce answers mail we really sent. */
public enum Verdict {
    /** It answers mail we sent: deliver it. */
    GENUINE,
    /** It answers mail we never sent (our address was forged): stop it. */
    BACKSCATTER,
    /** The evidence does not decide: keep it where it can be released. */
    UNKNOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
