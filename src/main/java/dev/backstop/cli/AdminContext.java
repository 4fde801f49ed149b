package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.mta.EximQueue;
import dev.backstop.mta.MailQueue;
import dev.backstop.mta.PostfixQueue;
import dev.backstop.outbound.Containment;
import dev.backstop.store.SqliteStore;
import dev.backstop.store.Store;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What an admin command works on: the store, the containment state kept in it, and the MTA's queue. The daemon
 * may run beside it; its store is shared through SQLite's WAL, and the daemon picks up changes within seconds.
 */
final class AdminContext implements AutoCloseable {
    final BackstopConfig config;
    final Store store;
    final Containment containment;
    final MailQueue queue;

    AdminContext(BackstopConfig config) {
        this.config = config;
        Clock clock = Clock.systemUTC();
        this.store = SqliteStore.fromConfig(config, clock);
        this.containment = Wiring.containment(config, store, clock);
        this.queue = queue(config);
    }

    /** The MTA's queue tools: Postfix's postsuper/postqueue, or Exim's {@code exim -M*}. */
    static MailQueue queue(BackstopConfig config) {
        return config.mta().kind().equals("exim") ? EximQueue.of(Path.of("/usr/sbin/exim"))
                : PostfixQueue.of(config.mta().configDir());
    }

    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    @Override
    public void close() {
        containment.close();
        store.close();
    }
}
