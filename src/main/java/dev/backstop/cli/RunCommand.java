package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import java.time.Clock;
import java.util.concurrent.Callable;
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
        ShutdownSignal shutdown = ShutdownSignal.install();
        try (Daemon d = Daemon.start(c, Clock.systemUTC())) {
            shutdown.await();
            LoggerFactory.getLogger("backstop").info("stopping");
        } finally {
            LoggerFactory.getLogger("backstop").info("stopped");
            shutdown.closed();
        }
        return 0;
    }
}
