package dev.backstop.web;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dashboard's HTTP server: pages, JSON API and {@code /metrics} on one port. */
public final class WebServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("backstop.web");
    /** Enough for a few admins and a scraper; the dashboard is not a public site. */
    static final int MAX_THREADS = 16;

    private final Server server;
    private final ServerConnector connector;
    private final List<Route> routes;

    private WebServer(Server server, ServerConnector connector, List<Route> routes) {
        this.server = server;
        this.connector = connector;
        this.routes = List.copyOf(routes);
    }

    /** Every route served, for the tests that prove each one refuses strangers. */
    List<Route> routes() {
        return routes;
    }

    /** Binds and starts; throws {@link IOException} when the address cannot be bound. */
    public static WebServer start(WebSetup setup) throws IOException {
        return start(setup, Tokens.secure());
    }

    static WebServer start(WebSetup setup, Tokens tokens) throws IOException {
        WebContext web = new WebContext(setup, tokens);
        List<Feature> features = new ArrayList<>(List.of(new LoginFeature(web), new OverviewFeature(web),
                new QuarantineFeature(web), new BounceFeature(web), new SettingsFeature(web), new AuditFeature(web),
                new InfraFeature(web)));
        if (web.containment != null) {
            features.add(new IncidentFeature(web));
            features.add(new SourceFeature(web));
        }
        List<Route> routes = new ArrayList<>();
        for (Feature f : features) {
            routes.addAll(f.routes());
            if (f.nav() != null) {
                web.navs.add(f.nav());
            }
        }
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 2);
        pool.setName("web");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(setup.host());
        connector.setPort(setup.port());
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new WebHandler(web, routes));
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            throw e;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("cannot start the web server on " + setup.host() + ":" + setup.port() + ": " + e, e);
        }
        if (!setup.password().isSet()) {
            log.warn("web: no admin password set, nobody can log in; run 'backstop passwd' to set one ({})",
                    setup.password().file());
        }
        return new WebServer(server, connector, routes);
    }

    /** The port really bound (the OS's choice when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base URI, e.g. {@code http://127.0.0.1:8025/}. */
    public URI uri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("web: stop failed: {}", e.toString());
        }
    }
}
