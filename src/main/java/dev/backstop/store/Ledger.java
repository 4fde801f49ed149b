package dev.backstop.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The mail we sent. Lookups only see rows inside the store's ledger retention window, even before a purge has
 * removed older ones, so an answer never depends on when the purge last ran.
 */
public interface Ledger {

    /** Records one sent message and returns its row id. */
    long record(SentMessage message);

    /** Rows whose Message-ID matches (angle brackets and case ignored), newest first. */
    List<LedgerEntry> byMessageId(String messageId);

    /**
     * Rows whose Message-ID is any of {@code messageIds}, newest first: for an auto-reply's In-Reply-To and
     * References. At most 100 ids are looked at; more is not a real reply.
     */
    List<LedgerEntry> byAnyMessageId(Collection<String> messageIds);

    /** Rows of one MTA queue id, newest first. */
    List<LedgerEntry> byQueueId(String queueId);

    /** Rows sent to {@code recipient} (case ignored), newest first, at most {@code limit}. */
    List<LedgerEntry> byRecipient(String recipient, int limit);

    /**
     * Records how delivery of one recipient of one queue id ended. A later outcome for the same queue id and
     * recipient replaces an earlier one (deferred, then sent); an older one arriving late is ignored.
     */
    void recordDelivery(Delivery delivery);

    /** The latest outcome per recipient of one queue id. */
    List<Delivery> deliveries(String queueId);

    /** Number of ledger rows at or after {@code since}. */
    long countSince(Instant since);

    /**
     * Messages sent per time bucket and source, from {@code from} (inclusive) to {@code until} (exclusive),
     * ordered by bucket and source: the dashboard's outbound chart, the sources' sparklines and an incident's
     * timeline. Buckets start at multiples of {@code bucket} since the epoch (whole UTC hours for an hour).
     *
     * @param source only this source's messages, or null for every source
     */
    List<SourceCount> countPerSource(Instant from, Instant until, java.time.Duration bucket, String source);
}
