package dev.backstop.cli;

import dev.backstop.bounce.BounceReader;
import dev.backstop.bounce.BounceReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.io.PrintWriter;
import java.util.ArrayList;
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

    /**
     * Messages handed to a reading thread at a time. One hand-over per message cost two thread wake-ups
     * each, a measurable part of a short run over thousands of small bounces; larger batches leave threads
     * idle behind the one that must be printed next. Eight came from trying 4, 8, 16 and 32 with
     * {@code bench/inspect-ab.sh}; the change from 16 to 8 went in with {@code ee81feb}.
     */
    private static final int BATCH = 8;
    /** A batch is also cut at this size, so that big messages are not held many at a time. */
    private static final long BATCH_BYTES = 1 << 20;
    /**
     * Batches pending per reading thread. Output keeps the input's order, so the oldest batch must be done
     * before more are handed out once the window is full; with two per thread, the other threads often sat
     * idle behind one slow batch ({@code bench/inspect-ab.sh -r 14 be8fdc2 332478c}, two against eight: 0.98
     * of the time, faster in 9 of 14 rounds).
     */
    private static final int PENDING = 8;

    @Override
    public Integer call() throws IOException, InterruptedException {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * The command for arguments in the plain form an admin or a script types ({@code inspect [--format F]
     * [--threads N] PATH...}, each option at most once, no path starting with {@code -} or {@code @}), or null for
     * anything else, which picocli then parses as usual. Building picocli's model of the command by
     * reflection took longer than reading a thousand bounces; this takes no time and means the same.
     */
    static InspectCommand plain(String[] args) {
        if (args.length < 2 || !args[0].equals("inspect")) {
            return null;
        }
        InspectCommand c = new InspectCommand();
        c.paths = new ArrayList<>();
        boolean formatSeen = false;
        boolean threadsSeen = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String name = a.startsWith("--") && a.indexOf('=') > 0 ? a.substring(0, a.indexOf('=')) : a;
            boolean inline = name.length() < a.length();
            if (name.equals("--format") || name.equals("--threads")) {
                String value = inline ? a.substring(name.length() + 1) : i + 1 < args.length ? args[++i] : null;
                if (value == null) {
                    return null;
                }
                if (name.equals("--format")) {
                    if (formatSeen || !List.of("table", "json", "tsv").contains(value)) {
                        return null;
                    }
                    c.format = Format.valueOf(value);
                    formatSeen = true;
                } else {
                    if (threadsSeen || !value.matches("[0-9]{1,4}")) {
                        return null;
                    }
                    c.threads = Integer.parseInt(value);
                    threadsSeen = true;
                }
            } else if (a.equals("-") || !a.isEmpty() && a.charAt(0) != '-' && a.charAt(0) != '@') {
                c.paths.add(a);
            } else {
                return null;
            }
        }
        if (c.paths.isEmpty()) {
            return null;
        }
        if (!formatSeen) {
            c.format = Format.table;
        }
        return c;
    }

    /** Runs a command made by {@link #plain} on standard output and error, as picocli's writers would. */
    int runPlain() throws IOException, InterruptedException {
        return run(new PrintWriter(new OutputStreamWriter(System.out, charset("sun.stdout.encoding")), true),
                new PrintWriter(new OutputStreamWriter(System.err, charset("sun.stderr.encoding")), true));
    }

    /** The charset picocli writes a standard stream in: the JVM's name for it, else the default. */
    private static Charset charset(String property) {
        String name = System.getProperty(property);
        if (name == null) {
            return Charset.defaultCharset();
        }
        try {
            return Charset.forName(name.equalsIgnoreCase("cp65001") ? "UTF-8" : name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    private int run(PrintWriter stdout, PrintWriter err) throws IOException, InterruptedException {
        // Buffered: one write per buffer-full, not one flush per printed line as picocli's writer does.
        PrintWriter out = new PrintWriter(new BufferedWriter(stdout, 1 << 16), false);
        ReportPrinter printer = switch (format) {
            case table -> new TablePrinter(out);
            case json -> new JsonPrinter(out);
            case tsv -> new TsvPrinter(out);
        };
        // Messages are read in parallel and printed in input order: a bounded window of pending batches.
        int width = Math.max(1, threads);
        ExecutorService pool = Executors.newFixedThreadPool(width, new ReadingThreads());
        // Building the reader's phrase tables takes tens of milliseconds: a reading thread does it while this
        // one lists and reads the first files, instead of before.
        Future<BounceReader> reader = pool.submit(new MakeReader());
        ArrayDeque<Future<List<Read>>> window = new ArrayDeque<>();
        List<MessageInput> batch = new ArrayList<>(BATCH);
        long[] batchBytes = {0};
        int[] broken = {0};
        MessageInputs inputs = new MessageInputs(msg -> {
            out.flush(); // what was read before the failing path is printed before its error
            err.println("backstop inspect: " + msg);
        });
        printer.begin();
        int failed;
        try {
            failed = inputs.forEach(paths, System.in, m -> {
                batch.add(m);
                batchBytes[0] += m.raw().length;
                if (batch.size() == BATCH || batchBytes[0] >= BATCH_BYTES) {
                    window.add(pool.submit(readAll(reader, List.copyOf(batch))));
                    batch.clear();
                    batchBytes[0] = 0;
                }
                while (window.size() > PENDING * width) {
                    broken[0] += printNext(window, printer, out, err);
                }
            });
            if (!batch.isEmpty()) {
                window.add(pool.submit(readAll(reader, List.copyOf(batch))));
            }
            while (!window.isEmpty()) {
                broken[0] += printNext(window, printer, out, err);
            }
        } finally {
            pool.shutdownNow();
        }
        printer.end();
        out.flush();
        err.flush();
        return failed + broken[0] == 0 ? 0 : 1;
    }

    /**
     * The reading threads: daemons named "inspect". A class, not a lambda, like {@link MakeReader}: the first
     * lambda of a process sets up the JVM's lambda machinery (milliseconds), and these two come before the
     * reader can start being built.
     */
    private static final class ReadingThreads implements java.util.concurrent.ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "inspect");
            t.setDaemon(true);
            return t;
        }
    }

    private static final class MakeReader implements Callable<BounceReader> {
        @Override
        public BounceReader call() {
            return new BounceReader();
        }
    }

    private static Callable<List<Read>> readAll(Future<BounceReader> made, List<MessageInput> batch) {
        return () -> {
            BounceReader reader = made.get(); // the first batches wait here until it is built
            List<Read> reads = new ArrayList<>(batch.size());
            for (MessageInput m : batch) {
                try {
                    reads.add(new Read(m.file(), m.name(), reader.read(m.raw()), null));
                } catch (RuntimeException e) {
                    reads.add(new Read(m.file(), m.name(), null, e));
                }
            }
            return reads;
        };
    }

    /** Prints the oldest pending batch; returns the number of its messages the reader failed on. */
    private static int printNext(ArrayDeque<Future<List<Read>>> window, ReportPrinter printer, PrintWriter out,
            PrintWriter err) {
        List<Read> reads;
        try {
            reads = window.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        int broken = 0;
        for (Read r : reads) {
            if (r.failure() != null) {
                // The reader promises never to throw; if it does, say which message and go on with the rest.
                out.flush();
                err.println("backstop inspect: " + r.name() + ": reader failed: " + r.failure());
                broken++;
            } else {
                printer.print(r.file(), r.name(), r.report());
            }
        }
        return broken;
    }
}
