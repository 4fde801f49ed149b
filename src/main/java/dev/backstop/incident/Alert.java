package dev.backstop.incident;

/** One alert about one incident, with the incident as it stood when the alert was raised. */
public record Alert(AlertKind kind, Incident incident) {
    /**
     * Header carried by alert mail ({@code X-Backstop-Alert: incident 7}). The engine lets a locally submitted
     * message with this header and the configured alert sender pass uncounted and unheld, so an alert about a
     * frozen source is never itself held.
     */
    public static final String HEADER = "X-Backstop-Alert";
}
