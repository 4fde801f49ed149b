package dev.backstop.store;

/**
 * How hard the SQLite backend pushes each commit to disk. Both survive a process crash or {@code kill -9}
 * without losing a committed row: in WAL mode a commit is in the WAL file (the OS page cache) before
 * {@code commit} returns.
 */
public enum Durability {
    /**
     * {@code synchronous=FULL}: the WAL is fsynced at every commit, so a power loss loses nothing either. Hot-path
     * writes are group-committed, so concurrent callers share one fsync.
     */
    FULL,
    /** {@code synchronous=NORMAL}: fsync only at checkpoints; a power loss may roll back the last commits. */
    NORMAL
}
