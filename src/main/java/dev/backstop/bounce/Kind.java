package dev.backstop.bounce;

/** What kind of message the bounce reader found. */
public enum Kind {
    /** A permanent (or final) delivery failure notice. */
    BOUNCE,
    /** A temporary failure notice: delivery is still being retried. */
    DELAY,
    /** A vacation, out-of-office or other RFC 3834 automatic reply. */
    AUTO_REPLY,
    /** An ARF (RFC 5965) feedback report. */
    FEEDBACK,
    /** A success DSN (action: delivered / relayed / expanded). */
    DELIVERED,
    /** Not a bounce of any kind. */
    NOT_A_BOUNCE;

    /** The name used in output: {@code bounce}, {@code auto-reply}, {@code not-a-bounce}... */
    public String label() {
        return label;
    }

    private final String label = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
}
