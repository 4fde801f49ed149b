package dev.backstop.incident;

/** Delivers an alert somewhere. Called on the alert executor, never on the mail path; may block briefly. */
public interface Notifier {

    /** For logs, e.g. {@code mail admin@example.com}. */
    String name();

    /** Sends the alert; throws when it did not arrive, so the caller retries with back-off. */
    void send(Alert alert) throws Exception;
}
