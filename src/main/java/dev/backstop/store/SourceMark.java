package dev.backstop.store;

import java.time.Instant;

/**
 * What the admin (or containment) decided about one source: frozen means all its new mail is held, allowed
 * means it is never contained. {@code actor} and {@code time} are of the latest change.
 */
public record SourceMark(String source, boolean frozen, boolean allowed, String actor, Instant time, String reason) {
}
