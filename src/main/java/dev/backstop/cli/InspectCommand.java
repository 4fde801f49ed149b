package dev.backstop.cli;

import dev.backstop.bounce.BounceReader;
import dev.backstop.bounce.BounceReport;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Option(names = "--threads", description = "messages read in parallel (default: the number of cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    /** What one message came to: a report, or the reason the reader failed on it. */
    private record Read(String file, String name, BounceReport report, RuntimeException failure) {}

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BounceReader reader = new BounceReader();
        ReportPrinter printer = switch (format) {
            case table -> new TablePrinter(out);
            case json -> new JsonPrinter(out);
            case tsv -> new TsvPrinter(out);
        };
        // Messages are read in parallel and printed in input order: a bounded window of pending reads.
        int width = Math.max(1, threads);
        ExecutorService pool = Executors.newFixedThreadPool(width, r -> {
            Thread t = new Thread(r, "inspect");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Read>> window = new ArrayDeque<>();
        int[] broken = {0};
        MessageInputs inputs = new MessageInputs(msg -> err.println("backstop inspect: " + msg));
        printer.begin();
        int failed;
        try {
            failed = inputs.forEach(paths, System.in, m -> {
                window.add(pool.submit(() -> {
                    try {
                        return new Read(m.file(), m.name(), reader.read(m.raw()), null);
                    } catch (RuntimeException e) {
                        return new Read(m.file(), m.name(), null, e);
                    }
                }));
                while (window.size() > 16 * width) {
                    broken[0] += printNext(window, printer, err);
                }
            });
            while (!window.isEmpty()) {
                broken[0] += printNext(window, printer, err);
            }
        } finally {
            pool.shutdownNow();
        }
        printer.end();
        out.flush();
        err.flush();
        return failed + broken[0] == 0 ? 0 : 1;
    }

    /** Prints the oldest pending read; returns 1 when the reader failed on it. */
    private static int printNext(ArrayDeque<Future<Read>> window, ReportPrinter printer, PrintWriter err) {
        Read r;
        try {
            r = window.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (r.failure() != null) {
            // The reader promises never to throw; if it does, say which message and go on with the rest.
            err.println("backstop inspect: " + r.name() + ": reader failed: " + r.failure());
            return 1;
        }
        printer.print(r.file(), r.name(), r.report());
        return 0;
    }
}
