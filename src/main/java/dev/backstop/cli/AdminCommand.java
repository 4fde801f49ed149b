package dev.backstop.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** An admin subcommand: opens the store, containment and MTA queue of {@code --config}, runs, closes them. */
abstract class AdminCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        try (AdminContext a = new AdminContext(config.load())) {
            return run(a, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    /** @return the exit status */
    abstract int run(AdminContext a, PrintWriter out, PrintWriter err);
}
