package dev.backstop.store;

import java.time.Instant;

/** One audited admin action, e.g. {@code admin quarantine.release 42}. */
public record AuditEntry(long id, Instant time, String actor, String action, String target) {
}
