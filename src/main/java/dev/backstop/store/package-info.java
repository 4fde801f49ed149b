/**
 * The storage interface (ledger of sent mail, quarantine, events, counters, incidents) and its backends.
 */
package dev.backstop.store;
