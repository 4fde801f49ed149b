package dev.backstop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code backstop} command: the composition root that wires everything from the configuration. */
@Command(
        name = "backstop",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Backscatter guard and outbound containment for Postfix and Exim.",
        subcommands = {RunCommand.class, InspectCommand.class, BatvCommand.class, QuarantineCommand.class,
            IncidentsCommand.class, SourcesCommand.class, ReplayCommand.class, PasswdCommand.class, DemoCommand.class,
            CommandLine.HelpCommand.class})
public final class Backstop implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            // admin commands print their results; the libraries' INFO lines would only get in the way
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Backstop()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cli, parsed) -> {
                    // Configuration and storage errors are the admin's to fix: one clear line, no stack trace.
                    if (e instanceof dev.backstop.config.ConfigException) {
                        cli.getErr().println("backstop: configuration error: " + e.getMessage());
                        return 78; // EX_CONFIG
                    }
                    if (e instanceof dev.backstop.store.StoreException) {
                        cli.getErr().println("backstop: storage error: " + e.getMessage());
                        return 74; // EX_IOERR
                    }
                    throw e;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
