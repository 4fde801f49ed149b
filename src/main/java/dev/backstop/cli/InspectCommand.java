package dev.backstop.cli;

import dev.backstop.bounce.BounceReader;
import dev.backstop.bounce.BounceReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code backstop inspect}: reads messages and prints what the bounce reader finds in each. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Read bounces and print, per recipient, the status, reason and the original message they are about.",
            "PATH is a message file, a directory of them, an mbox file, or - for standard input."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every path was read", "1:some path could not be read (the others were)", "2:usage error"})
final class InspectCommand implements Callable<Integer> {

    enum Format { table, json, tsv }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table, json or tsv (default: ${DEFAULT-VALUE})")
    Format format;

    @Parameters(arity = "1..*", paramLabel = "PATH")
    List<String> paths;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BounceReader reader = new BounceReader();
        ReportPrinter printer = switch (format) {
            case table -> new TablePrinter(out);
            case json -> new JsonPrinter(out);
            case tsv -> new TsvPrinter(out);
        };
        int[] broken = {0};
        MessageInputs inputs = new MessageInputs(msg -> err.println("backstop inspect: " + msg));
        printer.begin();
        int failed = inputs.forEach(paths, System.in, m -> {
            BounceReport report;
            try {
                report = reader.read(m.raw());
            } catch (RuntimeException e) {
                // The reader promises never to throw; if it does, say which message and go on with the rest.
                err.println("backstop inspect: " + m.name() + ": reader failed: " + e);
                broken[0]++;
                return;
            }
            printer.print(m.name(), report);
        });
        printer.end();
        out.flush();
        err.flush();
        return failed + broken[0] == 0 ? 0 : 1;
    }
}
