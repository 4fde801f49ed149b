package dev.backstop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code backstop} command: the composition root that wires everything from the configuration. */
@Command(
        name = "backstop",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Backscatter guard and outbound containment for Postfix and Exim.",
        subcommands = {InspectCommand.class, CommandLine.HelpCommand.class})
public final class Backstop implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Backstop()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
