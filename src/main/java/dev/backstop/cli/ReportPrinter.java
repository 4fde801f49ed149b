package dev.backstop.cli;

import dev.backstop.bounce.BounceReport;

/** Prints bounce reports in one output format. */
interface ReportPrinter {
    default void begin() {}

    /**
     * @param file the file the message came from
     * @param name the message's own name (the file, or {@code file#N} within an mbox)
     */
    void print(String file, String name, BounceReport report);

    default void end() {}
}
