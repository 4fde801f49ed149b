package dev.backstop.bounce;

/**
 * What one rule family found out about one recipient, before the reason is decided. Mutable while the
 * readers fill it in; turned into an immutable {@link BounceRecipient} at the end.
 */
final class Fact {
    String address = "";
    String status = "";
    String replyCode = "";
    String action = "";
    String remoteMta = "";
    String diagnostic = "";
    /** The Diagnostic-Code type: {@code SMTP}, {@code X-Unix}, ... or empty. */
    String diagnosticType = "";
    /** The SMTP command the remote host rejected (RCPT, MAIL, DATA, HELO, CONN...), or empty. */
    String command = "";
    /** A reason the rule family is sure of (its own format says so), or null. */
    Reason reason;

    Fact() {}

    Fact(String address) {
        this.address = address;
    }

    boolean hasAddress() {
        return !address.isEmpty();
    }

    @Override
    public String toString() {
        return address + " " + status + " " + replyCode + " " + action + " [" + command + "] " + diagnostic;
    }
}
