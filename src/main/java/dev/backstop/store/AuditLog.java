package dev.backstop.store;

import java.util.List;

/** Who did what to what, and when; written for every admin action. */
public interface AuditLog {

    /** Records an action at the store clock's current time. */
    void record(String actor, String action, String target);

    /** The newest entries, newest first. */
    List<AuditEntry> recent(int limit);
}
