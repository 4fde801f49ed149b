package dev.backstop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code backstop} command: the composition root that wires everything from the configuration. */
@Command(
        name = "backstop",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Backscatter guard and outbound containment for Postfix and Exim.")
public final class Backstop implements Runnable {
    /**
     * The subcommands, in the order help lists them. They are registered programmatically, not in the
     * annotation, so that a run of one command reflects over that command alone: picocli's annotation walk
     * over all of them was a fifth of a short {@code inspect} run.
     */
    private static final java.util.List<String> SUBCOMMANDS =
            java.util.List.of("run", "inspect", "batv", "quarantine", "incidents", "sources", "replay", "passwd", "demo",
                    "help");

    private static Object subcommand(String name) {
        return switch (name) {
            case "run" -> new RunCommand();
            case "inspect" -> new InspectCommand();
            case "batv" -> new BatvCommand();
            case "quarantine" -> new QuarantineCommand();
            case "incidents" -> new IncidentsCommand();
            case "sources" -> new SourcesCommand();
            case "replay" -> new ReplayCommand();
            case "passwd" -> new PasswdCommand();
            case "demo" -> new DemoCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            // admin commands print their results; the libraries' INFO lines would only get in the way
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        InspectCommand inspect = InspectCommand.plain(args);
        if (inspect != null) {
            System.exit(runPlain(inspect));
        }
        System.exit(commandLine(args.length == 0 ? "" : args[0]).execute(args));
    }

    /** Runs a plainly given {@code inspect} without picocli; a failure ends it as picocli's would (status 1). */
    private static int runPlain(InspectCommand inspect) {
        try {
            return inspect.runPlain();
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }

    /** The configured command line with every subcommand, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return commandLine("");
    }

    /**
     * The command line for a run whose first argument is {@code first}: only that subcommand when it names one
     * (its usage, options and errors are the same as in the full tree), else all of them (for usage, help and
     * the "unknown command" message).
     */
    static CommandLine commandLine(String first) {
        CommandLine root = new CommandLine(new Backstop());
        if (SUBCOMMANDS.contains(first) && !first.equals("help")) {
            root.addSubcommand(first, subcommand(first));
        } else {
            for (String name : SUBCOMMANDS) {
                root.addSubcommand(name, subcommand(name));
            }
        }
        return root.setCaseInsensitiveEnumValuesAllowed(true)
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
