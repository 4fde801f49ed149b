package dev.backstop.store;

import java.time.Instant;

/** How many events of one type happened in the hour starting at {@code hour} (UTC). */
public record HourlyCount(Instant hour, String type, long count) {
}
