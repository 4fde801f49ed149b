package dev.backstop.inbound;

import java.util.Objects;

/**
 * The outcome of an RFC 7208 check_host() evaluation.
 *
 * @param code        the SPF result
 * @param mechanism   the directive that decided it as written (e.g. {@code -all}, {@code ip4:192.0.2.0/24}),
 *                    {@code redirect=...} or {@code default}; empty for none/permerror/temperror
 * @param explanation why, for the evidence list and logs (the exp= text is deliberately not fetched)
 */
public record SpfResult(Code code, String mechanism, String explanation) {

    /** RFC 7208 2.6. */
    public enum Code {
        PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, PERMERROR, TEMPERROR;

        /** The lower-case name RFC 7208 and Received-SPF use. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SpfResult {
        Objects.requireNonNull(code, "code");
        mechanism = mechanism == null ? "" : mechanism;
        explanation = explanation == null ? "" : explanation;
    }

    static SpfResult none(String why) {
        return new SpfResult(Code.NONE, "", why);
    }

    static SpfResult permerror(String why) {
        return new SpfResult(Code.PERMERROR, "", why);
    }

    static SpfResult temperror(String why) {
        return new SpfResult(Code.TEMPERROR, "", why);
    }

    /** The record does not authorise the address: fail or softfail. What the backscatter evidence looks for. */
    public boolean isNotAuthorised() {
        return code == Code.FAIL || code == Code.SOFTFAIL;
    }

    @Override
    public String toString() {
        return code.label() + (mechanism.isEmpty() ? "" : " (" + mechanism + ")") + (explanation.isEmpty() ? "" : ": " + explanation);
    }
}
