package dev.backstop.store;

import java.util.List;

/** Frozen and allow-listed sources; they survive a restart. */
public interface SourceMarks {

    /** Marks {@code source} frozen (or not), keeping its allow mark. */
    void setFrozen(String source, boolean frozen, String actor, String reason);

    /** Marks {@code source} allow-listed (or not), keeping its frozen mark. */
    void setAllowed(String source, boolean allowed, String actor, String reason);

    /** Every source with a mark set, by name. */
    List<SourceMark> all();
}
