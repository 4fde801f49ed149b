package dev.backstop.inbound;

import java.util.Objects;

/**
 * The outcome of checking our DKIM signature on a quoted original's headers.
 *
 * @param status    see {@link Status}
 * @param reason    why it failed or was malformed, for the evidence list; empty when verified
 * @param domain    the d= of the signature judged, or empty
 * @param selector  the s= of the signature judged, or empty
 * @param signature the b= value (whitespace removed) of our signature when one was found, else empty: the
 *                  ledger keeps our outgoing b= values, so an exact match is a cheap check that needs no key
 */
public record DkimResult(Status status, String reason, String domain, String selector, String signature) {

    public enum Status {
        /** A signature of our domain verifies over the quoted headers with our key. */
        VERIFIED,
        /** A signature of our domain is there but does not verify (tampered, re-folded under simple, wrong key). */
        FAILED,
        /** Signatures are there, none by our domain. */
        NOT_OURS,
        /** No DKIM-Signature header at all. */
        NO_SIGNATURE,
        /** A signature that cannot be read (missing or broken tags), or a header block past the limits. */
        MALFORMED
    }

    public DkimResult {
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        domain = domain == null ? "" : domain;
        selector = selector == null ? "" : selector;
        signature = signature == null ? "" : signature;
    }

    public boolean isVerified() {
        return status == Status.VERIFIED;
    }

    @Override
    public String toString() {
        return status.name().toLowerCase(java.util.Locale.ROOT)
                + (domain.isEmpty() ? "" : " d=" + domain + " s=" + selector)
                + (reason.isEmpty() ? "" : ": " + reason);
    }
}
