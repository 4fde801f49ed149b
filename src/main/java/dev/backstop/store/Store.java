package dev.backstop.store;

/**
 * Everything Backstop persists. Implementations are thread-safe; every method either commits fully or throws
 * {@link StoreException} having changed nothing.
 */
public interface Store extends AutoCloseable {

    /** One row per message we sent, and the delivery outcomes read back for it. */
    Ledger ledger();

    /** Whole held messages plus a searchable index. */
    Quarantine quarantine();

    /** Append-only events for the dashboard. */
    EventLog events();

    /** Who did what, when. Never purged by retention. */
    AuditLog audit();

    /** Frozen and allow-listed outbound sources. */
    SourceMarks sourceMarks();

    /** Outbound containment incidents, their held queue ids and sent alerts. Never purged by retention. */
    IncidentLog incidents();

    /**
     * Deletes ledger rows, delivery outcomes, events and quarantined messages (held or not) older than the
     * store's retention. Safe to call while the store is in use: it deletes in small batches so hot-path writes
     * wait at most one batch. Appends a {@code retention} event when anything was removed.
     */
    PurgeResult purge();

    /** The retention this store was opened with; ledger lookups never see rows older than its ledger days. */
    Retention retention();

    /** The schema version of the open database. */
    int schemaVersion();

    @Override
    void close();
}
