package dev.backstop.store;

import java.util.List;

/** A stored ledger row with the delivery outcomes known for its queue id and recipients. */
public record LedgerEntry(long id, SentMessage message, List<Delivery> deliveries) {
    public LedgerEntry {
        deliveries = List.copyOf(deliveries);
    }
}
