package dev.backstop.store;

import java.time.Instant;
import java.util.List;

/** Append-only events for the dashboard: verdicts, incidents, releases, retention runs. */
public interface EventLog {

    /** Appends an event at the store clock's current time. */
    void append(String type, String summary, String detail);

    /** Appends an event with its own time (log replay, tests). */
    void append(Event event);

    /** The newest events, newest first; {@code type} null for all types. */
    List<Event> recent(String type, int limit);

    /** Counts per started hour and type for {@code from <= time < until}, ordered by hour then type. */
    List<HourlyCount> countPerHour(Instant from, Instant until);
}
