package dev.backstop.inbound;

import java.util.Locale;

/**
 * One finding about a bounce candidate.
 *
 * @param source   what produced it: {@code batv}, {@code ledger}, {@code dkim}, {@code relay}, {@code spf},
 *                 {@code auto-reply}, {@code dnsbl}, {@code reader}
 * @param says     which verdict it points at; {@code null} for a finding that points nowhere (recorded for the admin)
 * @param strength how much it weighs
 * @param detail   a short human text, e.g. "Message-ID <x@y> is in the ledger (sent 2026-11-26 10:00 by sasl alice)"
 */
public record Evidence(String source, Verdict says, Strength strength, String detail) {

    /** How much a finding weighs, strongest first, as in the design's evidence table. */
    public enum Strength {
        DECISIVE(100), STRONG(3), MEDIUM(2), WEAK(1), NONE(0);

        final int weight;

        Strength(int weight) {
            this.weight = weight;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Evidence genuine(String source, Strength strength, String detail) {
        return new Evidence(source, Verdict.GENUINE, strength, detail);
    }

    public static Evidence backscatter(String source, Strength strength, String detail) {
        return new Evidence(source, Verdict.BACKSCATTER, strength, detail);
    }

    /** A finding that points at no verdict, kept so the admin sees what was checked. */
    public static Evidence note(String source, String detail) {
        return new Evidence(source, null, Strength.NONE, detail);
    }

    /** One line for logs and headers: {@code ledger:genuine:decisive}. */
    public String tag() {
        return source + ":" + (says == null ? "none" : says.label()) + ":" + strength.label();
    }

    @Override
    public String toString() {
        return tag() + " " + detail;
    }
}
