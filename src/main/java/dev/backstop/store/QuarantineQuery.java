package dev.backstop.store;

import java.time.Instant;

/**
 * Filters for {@link Quarantine#list}; a null filter matches everything. Recipient and sender match whole
 * addresses, case ignored.
 *
 * @param from  inclusive lower bound on the quarantine time
 * @param until exclusive upper bound on the quarantine time
 * @param limit at most this many rows, 1 to 10000
 */
public record QuarantineQuery(String recipient, String sender, String messageId, Instant from, Instant until,
                              QuarantineStatus status, int limit) {
    public QuarantineQuery {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000, was " + limit);
        }
    }

    /** Everything still held, newest first, at most {@code limit}. */
    public static QuarantineQuery held(int limit) {
        return new QuarantineQuery(null, null, null, null, null, QuarantineStatus.HELD, limit);
    }

    /** Any status, no filter. */
    public static QuarantineQuery all(int limit) {
        return new QuarantineQuery(null, null, null, null, null, null, limit);
    }

    public QuarantineQuery withRecipient(String value) {
        return new QuarantineQuery(value, sender, messageId, from, until, status, limit);
    }

    public QuarantineQuery withSender(String value) {
        return new QuarantineQuery(recipient, value, messageId, from, until, status, limit);
    }

    public QuarantineQuery withMessageId(String value) {
        return new QuarantineQuery(recipient, sender, value, from, until, status, limit);
    }

    public QuarantineQuery between(Instant fromInclusive, Instant untilExclusive) {
        return new QuarantineQuery(recipient, sender, messageId, fromInclusive, untilExclusive, status, limit);
    }
}
