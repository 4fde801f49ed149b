package dev.backstop.milter;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * What a session can see of its milter connection: the macros the MTA sent so far, and a way to tell the MTA
 * that a slow decision is still in progress. Only to be used from within a session callback, on its thread.
 */
public interface MilterContext {

    /** A short id for log lines, unique within this server's life, e.g. {@code m42}. */
    String connectionId();

    /**
     * The latest value of a macro, by name with or without braces ({@code "auth_authen"} and
     * {@code "{auth_authen}"} are the same; single letters such as {@code "i"} and {@code "j"} as they are).
     * Macros of the message stages are forgotten when a message ends or is aborted.
     */
    Optional<String> macro(String name);

    /** All macros currently known, names without braces, later stages overriding earlier ones. */
    Map<String, String> macros();

    /**
     * Sends SMFIR_PROGRESS so the MTA restarts its timeout (Postfix {@code milter_content_timeout}) while we
     * work on a slow decision. Only meaningful during a callback that the MTA waits on.
     */
    void progress() throws IOException;
}
