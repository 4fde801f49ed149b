package dev.backstop.store;

import java.time.Instant;

/** How many messages one outbound source sent in the time bucket starting at {@code start}, from the ledger. */
public record SourceCount(Instant start, String source, long count) {
}
