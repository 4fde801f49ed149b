package dev.backstop.milter;

/**
 * The filter: creates one {@link MilterSession} per SMTP connection that the MTA reports. Called concurrently
 * from many connection threads, so implementations must be thread-safe; the sessions need not be.
 */
@FunctionalInterface
public interface MilterHandler {

    /** A new SMTP connection; {@link MilterSession#connect} follows on the returned session. */
    MilterSession open(MilterContext context);
}
