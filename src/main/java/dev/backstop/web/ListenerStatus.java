package dev.backstop.web;

/**
 * The health of one listener of the daemon (milter, later the policy service), for the overview.
 *
 * @param endpoint where it listens, e.g. {@code inet:127.0.0.1:8891}
 * @param active   connections being served now
 */
public record ListenerStatus(String name, String endpoint, boolean up, int active) {
}
