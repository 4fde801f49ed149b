/**
 * What Backstop remembers: the ledger of mail we sent (and how each delivery ended), the quarantine, the
 * dashboard's events and the audit trail of admin actions. {@link dev.backstop.store.Store} is the interface;
 * {@link dev.backstop.store.SqliteStore} is the default single-file backend. Everything else here is
 * package-private.
 */
package dev.backstop.store;
