package dev.backstop.store;

/** An index row with its raw message (empty once deleted). */
public record QuarantinedMessage(QuarantineItem item, byte[] raw) {
}
