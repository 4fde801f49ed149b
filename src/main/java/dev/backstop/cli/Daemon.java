package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ListenAddress;
import dev.backstop.engine.DeliveryFeed;
import dev.backstop.engine.Engine;
import dev.backstop.engine.QuarantineRelease;
import dev.backstop.milter.EngineMilter;
import dev.backstop.milter.MilterConfig;
import dev.backstop.milter.MilterEndpoint;
import dev.backstop.milter.MilterServer;
import dev.backstop.mta.MailQueue;
import dev.backstop.mta.MailSubmitter;
import dev.backstop.dns.Dns;
import dev.backstop.outbound.Containment;
import dev.backstop.store.SqliteStore;
import dev.backstop.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.backstop.web.AdminPassword;
import dev.backstop.web.ListenerStatus;
import dev.backstop.web.WebMetrics;
import dev.backstop.web.WebServer;
import dev.backstop.web.WebSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running daemon: store, engine and listeners, started from a configuration and closed in reverse order. */
final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("backstop");

    final BackstopConfig config;
    final Store store;
    final Engine engine;
    final Containment containment;
    final MilterServer milter;
    private final MailLogFollower follower;
    final WebServer web;
    private final ScheduledExecutorService housekeeping;

    private Daemon(BackstopConfig config, Store store, Engine engine, MilterServer milter, WebServer web,
                   MailLogFollower follower, ScheduledExecutorService housekeeping) {
        this.config = config;
        this.store = store;
        this.engine = engine;
        this.containment = engine.containment();
        this.milter = milter;
        this.web = web;
        this.follower = follower;
        this.housekeeping = housekeeping;
    }

    /**
     * What stands in for the real MTA and DNS: the demo's, on a machine without a mail server. Each null part is
     * built from the configuration.
     *
     * @param queue     the MTA's queue (hold, release, delete)
     * @param submitter where released quarantined mail is handed for delivery
     * @param dns       the resolver for SPF and blocklists
     */
    record StandIns(MailQueue queue, MailSubmitter submitter, Dns dns) {
        static final StandIns NONE = new StandIns(null, null, null);
    }

    static Daemon start(BackstopConfig c, Clock clock) {
        return start(c, clock, StandIns.NONE);
    }

    static Daemon start(BackstopConfig c, Clock clock, StandIns standIns) {
        MailQueue queue = standIns.queue() != null ? standIns.queue() : AdminContext.queue(c);
        MailSubmitter submitter = standIns.submitter() != null ? standIns.submitter() : Wiring.sendmail(c);
        try {
            Files.createDirectories(c.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data_dir " + c.dataDir(), e);
        }
        Store store = SqliteStore.fromConfig(c, clock);
        Containment containment = null;
        MilterServer milter = null;
        try {
            containment = Wiring.containment(c, store, clock);
            Engine engine = Wiring.engine(c, store, containment, clock, standIns.dns());
            WebMetrics metrics = new WebMetrics(store, clock);
            milter = MilterServer.start(MilterConfig.builder().endpoint(milterSpec(c.milter().listen()))
                    .noReplyEvents(EngineMilter.NO_REPLY_EVENTS).skipEvents(EngineMilter.SKIPPED_EVENTS).macros(EngineMilter.MACROS).build(), new EngineMilter(engine, metrics.milterTimer()));
            WebServer web = startWeb(c, store, milter, metrics, containment, clock, queue, submitter);
            ScheduledExecutorService hk = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "retention");
                t.setDaemon(true);
                return t;
            });
            hk.scheduleWithFixedDelay(() -> {
                try {
                    log.info("retention: {}", store.purge());
                } catch (RuntimeException e) {
                    log.warn("retention purge failed: {}", e.toString());
                }
            }, 1, 60, TimeUnit.MINUTES);
            Containment contained = containment;
            hk.scheduleWithFixedDelay(() -> {
                try {
                    contained.refresh(); // admin changes made by the CLI reach the daemon even when no mail flows
                } catch (RuntimeException e) {
                    log.warn("containment refresh failed: {}", e.toString());
                }
            }, 2, 2, TimeUnit.SECONDS);
            log.info("Backstop running: milter on {}, dashboard on {}, data in {}, store schema v{}", milter.endpoint(),
                    web.uri(), c.dataDir().toAbsolutePath(), store.schemaVersion());
            MailLogFollower follower = c.mta().logFile() == null ? null
                    : MailLogFollower.start(c, new DeliveryFeed(store, containment,
                            c.mta().containFromLog() ? queue : null), clock);
            return new Daemon(c, store, engine, milter, web, follower, hk);
        } catch (IOException | RuntimeException e) {
            if (milter != null) {
                milter.close();
            }
            if (containment != null) {
                containment.close();
            }
            store.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on " + c.milter().listen() + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The dashboard on {@code web.listen}, with the milter's health and the quarantine release. */
    private static WebServer startWeb(BackstopConfig c, Store store, MilterServer milter, WebMetrics metrics,
                                      Containment containment, Clock clock, MailQueue queue,
                                      MailSubmitter submitter) {
        ListenAddress.Inet at = c.web().listen();
        try {
            return WebServer.start(new WebSetup(at.host(), at.port(), AdminPassword.inDataDir(c.dataDir()), false, store,
                    new QuarantineRelease(store, submitter),
                    () -> List.of(new ListenerStatus("milter", milter.endpoint().toString(), true,
                            milter.activeConnections())),
                    c.toMaskedMap(), clock, metrics, containment, containment == null ? null : queue));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on web.listen " + at + ": " + e.getMessage(), e);
        }
    }

    /** Where the dashboard really listens. */
    java.net.URI webUri() {
        return web.uri();
    }

    /** Where the milter really listens (the port the OS chose when the configuration said 0). */
    MilterEndpoint milterEndpoint() {
        return milter.endpoint();
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        if (follower != null) {
            follower.close();
        }
        web.close();
        milter.close();
        containment.close();
        store.close();
    }

    static String milterSpec(ListenAddress a) {
        if (a instanceof ListenAddress.Unix u) {
            return "unix:" + u.path();
        }
        ListenAddress.Inet i = (ListenAddress.Inet) a;
        return "inet:" + (i.host().contains(":") ? "[" + i.host() + "]" : i.host()) + ":" + i.port();
    }
}
