package dev.backstop.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One dashboard event.
 *
 * @param id     the stored id, 0 before it is stored
 * @param type   a short lower-case name such as {@code verdict.backscatter}
 * @param detail free text or JSON, never a message body
 */
public record Event(long id, Instant time, String type, String summary, String detail) {
    public Event {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(summary, "summary");
        detail = detail == null ? "" : detail;
    }
}
