package dev.backstop.store;

/** How many rows a retention purge removed. */
public record PurgeResult(long ledger, long deliveries, long events, long quarantine) {
    public long total() {
        return ledger + deliveries + events + quarantine;
    }
}
