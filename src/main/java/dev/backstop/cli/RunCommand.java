package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ListenAddress;
import dev.backstop.engine.Engine;
import dev.backstop.milter.EngineMilter;
import dev.backstop.milter.MilterConfig;
import dev.backstop.milter.MilterServer;
import dev.backstop.store.SqliteStore;
import dev.backstop.store.Store;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code backstop run}: the daemon, in the foreground, logging to standard output, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon in the foreground (milter for Postfix); stops cleanly on SIGTERM or Ctrl-C.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        BackstopConfig c = config.load();
        Logging.configure(c.logging().level());
        Logger log = LoggerFactory.getLogger("backstop");
        Files.createDirectories(c.dataDir());
        Clock clock = Clock.systemUTC();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (Store store = SqliteStore.fromConfig(c, clock)) {
            Engine engine = Wiring.engine(c, store, clock);
            MilterConfig mc = MilterConfig.builder().endpoint(milterSpec(c.milter().listen())).build();
            ScheduledExecutorService purge = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "retention");
                t.setDaemon(true);
                return t;
            });
            try (MilterServer milter = MilterServer.start(mc, new EngineMilter(engine))) {
                purge.scheduleWithFixedDelay(() -> {
                    try {
                        log.info("retention: {}", store.purge());
                    } catch (RuntimeException e) {
                        log.warn("retention purge failed: {}", e.toString());
                    }
                }, 1, 60, TimeUnit.MINUTES);
                Thread hook = new Thread(() -> {
                    log.info("stopping");
                    stopped.countDown();
                    try { // let the main thread close the listener and the store before the JVM halts
                        closed.await(15, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                log.info("Backstop running: milter on {}, data in {}, store schema v{}", milter.endpoint(),
                        c.dataDir().toAbsolutePath(), store.schemaVersion());
                stopped.await();
            } finally {
                purge.shutdownNow();
            }
        }
        log.info("stopped");
        closed.countDown();
        return 0;
    }

    static String milterSpec(ListenAddress a) {
        if (a instanceof ListenAddress.Unix u) {
            return "unix:" + u.path();
        }
        ListenAddress.Inet i = (ListenAddress.Inet) a;
        return "inet:" + (i.host().contains(":") ? "[" + i.host() + "]" : i.host()) + ":" + i.port();
    }
}
