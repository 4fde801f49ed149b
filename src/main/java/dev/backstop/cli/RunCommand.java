package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code backstop run}: the daemon, in the foreground, logging to standard output, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon in the foreground (milter for Postfix); stops cleanly on SIGTERM or Ctrl-C.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        BackstopConfig c = config.load();
        Logging.configure(c.logging().level());
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try { // let the main thread close the listener and the store before the JVM halts
                closed.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        try (Daemon d = Daemon.start(c, Clock.systemUTC())) {
            stopped.await();
            LoggerFactory.getLogger("backstop").info("stopping");
        } finally {
            LoggerFactory.getLogger("backstop").info("stopped");
            closed.countDown();
        }
        return 0;
    }
}
