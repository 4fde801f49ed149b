package dev.backstop.engine;

/** A change to the message or its envelope that the engine asks for at the end of a message. */
public sealed interface Change {
    /** Append a header. */
    record AddHeader(String name, String value) implements Change {}

    /** Delete the {@code index}-th (1-based) occurrence of a header, e.g. a forged {@code X-Backstop-Verdict}. */
    record DeleteHeader(String name, int index) implements Change {}

    /** Replace the envelope sender (BATV signing). */
    record ChangeSender(String sender) implements Change {}

    /** Add an envelope recipient (the address behind a BATV tag). */
    record AddRecipient(String recipient) implements Change {}

    /** Remove an envelope recipient exactly as it was given (the tagged address). */
    record DeleteRecipient(String recipient) implements Change {}
}
