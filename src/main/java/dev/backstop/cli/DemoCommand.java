package dev.backstop.cli;

import dev.backstop.demo.DemoStory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backstop demo}: the daemon on its defaults, driven by a built-in milter client through the admins'
 * story, on a machine without a mail server; the dashboard shows the result until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start the daemon with its embedded defaults in a demo data directory and replay a story "
                + "through its milter port: a wave of backscatter with genuine bounces among it, then a hijacked "
                + "contact form. Open the dashboard it prints and log in with the password it prints.",
            "Nothing leaves the machine: a stand-in MTA in the process delivers, holds and deletes."})
final class DemoCommand implements Callable<Integer> {
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "demo-data",
            description = "The demo's data directory, emptied on every start (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--web", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8025",
            description = "Where the dashboard listens (default: ${DEFAULT-VALUE}).")
    String web;

    @Option(names = "--milter", paramLabel = "inet:HOST:PORT", defaultValue = "inet:127.0.0.1:8830",
            description = "Where the milter listens (default: ${DEFAULT-VALUE}).")
    String milter;

    @Option(names = "--pace", paramLabel = "MS", defaultValue = "100",
            description = "Pause between the story's messages in milliseconds, 0-10000 (default: ${DEFAULT-VALUE}).")
    int paceMs;

    @Option(names = "--exit", description = "Stop after the story instead of serving the dashboard until Ctrl-C.")
    boolean exit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (paceMs < 0 || paceMs > 10_000) {
            spec.commandLine().getErr().println("backstop demo: --pace must be 0 to 10000 ms, was " + paceMs);
            return 64;
        }
        char[] password = password();
        String shown = new String(password);
        ShutdownSignal shutdown = ShutdownSignal.install();
        Demo demo;
        try {
            demo = Demo.start(data, milter, web, password);
        } catch (IllegalArgumentException e) {
            shutdown.closed();
            spec.commandLine().getErr().println("backstop demo: " + e.getMessage());
            return 64;
        } catch (java.io.UncheckedIOException e) {
            shutdown.closed(); // a port in use, a directory that cannot be written
            spec.commandLine().getErr().println("backstop demo: " + e.getMessage()
                    + " (another Backstop running? choose other ports with --web and --milter)");
            return 69;
        }
        try (demo) {
            out.println("Backstop demo: milter on " + demo.daemon.milterEndpoint() + ", data in " + data.toAbsolutePath());
            out.println("Dashboard: " + demo.daemon.webUri() + "  (password: " + shown + ")");
            out.flush();
            long started = System.nanoTime();
            Map<String, Map<DemoStory.Fate, Integer>> tally = demo.play(Duration.ofMillis(paceMs), line -> {
                out.println(line);
                out.flush();
            });
            int messages = tally.values().stream().flatMap(f -> f.values().stream()).mapToInt(Integer::intValue).sum();
            out.println(String.format(java.util.Locale.ROOT, "What Backstop did with %d messages in %.1f s:", messages,
                    (System.nanoTime() - started) / 1e9));
            tally.forEach((chapter, fates) -> out.println("  " + chapter + ": " + describe(fates)));
            out.println("Demo MTA: " + demo.mta.deliveredCount() + " delivered, " + demo.mta.heldCount()
                    + " on hold; Backstop's quarantine: " + demo.daemon.store.quarantine()
                    .count(dev.backstop.store.QuarantineStatus.HELD) + " held");
            if (!exit) {
                out.println("Open " + demo.daemon.webUri() + " and log in with the password " + shown
                        + ": the Incidents page has the contained contact form. Ctrl-C stops the demo.");
                out.flush();
                shutdown.await();
            }
            out.flush();
        } finally {
            shutdown.closed();
        }
        return 0;
    }

    private static String describe(Map<DemoStory.Fate, Integer> fates) {
        StringBuilder b = new StringBuilder();
        for (DemoStory.Fate f : DemoStory.Fate.values()) {
            Integer n = fates.get(f);
            if (n != null) {
                b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(switch (f) {
                    case DELIVERED -> "delivered";
                    case HELD -> "held in the MTA's hold queue";
                    case QUARANTINED -> "in Backstop's quarantine";
                    case REFUSED -> "refused";
                });
            }
        }
        return b.toString();
    }

    /** A fresh random password for the demo's dashboard, shown on the terminal. */
    private static char[] password() {
        SecureRandom r = new SecureRandom();
        char[] p = new char[14];
        for (int i = 0; i < p.length; i++) {
            p[i] = ALPHABET.charAt(r.nextInt(ALPHABET.length()));
        }
        return p;
    }
}
