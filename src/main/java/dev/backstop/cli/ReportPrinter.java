package dev.backstop.cli;

import dev.backstop.bounce.BounceReport;

/** Prints bounce reports in one output format. */
interface ReportPrinter {
    default void begin() {}

    void print(String name, BounceReport report);

    default void end() {}
}
