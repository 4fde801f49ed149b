package dev.backstop.store;

/** The life of a quarantined message: held until an admin (or retention) decides. */
public enum QuarantineStatus {
    HELD, RELEASED, DELETED
}
