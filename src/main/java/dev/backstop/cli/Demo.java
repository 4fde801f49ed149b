package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.demo.DemoMta;
import dev.backstop.demo.DemoStory;
import dev.backstop.demo.DemoZone;
import dev.backstop.web.AdminPassword;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The daemon on its embedded defaults, in a data directory of its own, with the demo's MTA and DNS zone in place
 * of Postfix and the Internet: what {@code backstop demo} runs, and what the browser test drives.
 */
final class Demo implements AutoCloseable {
    /** Marks a data directory as the demo's, so a second run may wipe it and nothing else ever is. */
    static final String MARKER = ".backstop-demo";

    final Daemon daemon;
    final DemoMta mta;
    private final Clock clock;

    private Demo(Daemon daemon, DemoMta mta, Clock clock) {
        this.daemon = daemon;
        this.mta = mta;
        this.clock = clock;
    }

    /**
     * Starts the daemon on a fresh demo data directory.
     *
     * @param milter   the milter's listen address ({@code inet:127.0.0.1:0} for any free port)
     * @param web      the dashboard's {@code HOST:PORT}
     * @param password the admin password to set (wiped after use)
     * @throws IllegalArgumentException when {@code dataDir} holds anything but an earlier demo
     */
    static Demo start(Path dataDir, String milter, String web, char[] password) {
        prepare(dataDir);
        AdminPassword.inDataDir(dataDir).set(password);
        BackstopConfig c = BackstopConfig.parse(config(dataDir, milter, web), "the demo's configuration");
        Clock clock = Clock.systemUTC();
        DemoMta mta = new DemoMta(clock);
        Daemon d = Daemon.start(c, clock, new Daemon.StandIns(mta, mta, new DemoZone()));
        return new Demo(d, mta, clock);
    }

    /** The embedded defaults, plus what the story's hosting box would configure: its domain and its relay. */
    static String config(Path dataDir, String milter, String web) {
        return "data_dir: '" + dataDir.toAbsolutePath().toString().replace("'", "''") + "'\n"
                + "milter: {listen: '" + milter + "'}\n"
                + "web: {listen: '" + web + "'}\n"
                + "batv: {domains: [" + DemoZone.DOMAIN + "]}\n"
                + "inbound: {domains: [" + DemoZone.DOMAIN + "], relays: [" + DemoZone.RELAY_IP + ", "
                + DemoZone.RELAY_HOST + "]}\n";
    }

    /** Plays the story through the daemon's milter port; returns the counts per chapter and fate. */
    Map<String, Map<DemoStory.Fate, Integer>> play(Duration pace, Consumer<String> say)
            throws IOException, InterruptedException {
        return new DemoStory(daemon.milterEndpoint(), mta, clock, pace, say).run();
    }

    /** Makes {@code dir} an empty demo directory: creates it, or empties an earlier demo's; refuses anything else. */
    static void prepare(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                boolean empty;
                try (Stream<Path> s = Files.list(dir)) {
                    empty = s.findAny().isEmpty();
                }
                if (!empty && !Files.exists(dir.resolve(MARKER))) {
                    throw new IllegalArgumentException(dir + " is not empty and not a Backstop demo directory: "
                            + "choose another with --data");
                }
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        if (!p.equals(dir)) {
                            Files.delete(p);
                        }
                    }
                }
            } else if (Files.exists(dir)) {
                throw new IllegalArgumentException(dir + " is not a directory");
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "Backstop demo data: `backstop demo` empties this directory on"
                    + " every start.\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo directory " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        daemon.close();
    }
}
