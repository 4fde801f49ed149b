package dev.backstop.milter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The milter server: listens on TCP or a unix socket, serves each MTA connection on its own thread (at most
 * {@link MilterConfig#maxConnections()}; more wait in the listen backlog), and never lets one bad connection
 * affect another.
 *
 * <pre>{@code
 * try (MilterServer server = MilterServer.start(MilterConfig.builder().endpoint("inet:127.0.0.1:8830").build(),
 *         context -> new MySession(context))) { ... }
 * }</pre>
 */
public final class MilterServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MilterServer.class);
    /** Platform threads; a small stack keeps 512 connections cheap (the protocol code is shallow). */
    private static final long THREAD_STACK = 512 * 1024;

    private final MilterConfig config;
    private final MilterHandler handler;
    private final ServerSocketChannel listener;
    private final MilterEndpoint bound;
    private final Semaphore slots;
    private final Set<MilterConnection> active = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    /**
     * Connection threads are reused: Postfix opens one milter connection per SMTP session, and creating a thread
     * for each costs more CPU than serving a short session. The slots semaphore bounds how many run at once.
     */
    private final java.util.concurrent.ThreadPoolExecutor workers = new java.util.concurrent.ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 60, java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(null, r, "milter-worker", THREAD_STACK);
                t.setDaemon(true);
                return t;
            });
    private final Thread acceptor;
    private volatile boolean closing;

    private MilterServer(MilterConfig config, MilterHandler handler) throws IOException {
        this.config = config;
        this.handler = handler;
        this.slots = new Semaphore(config.maxConnections());
        MilterEndpoint ep = config.endpoint();
        if (ep instanceof MilterEndpoint.Unix u) {
            prepareSocketPath(u.path());
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(ep.socketAddress(), 1024);
            try {
                Files.setPosixFilePermissions(u.path(), config.unixSocketPermissions());
            } catch (IOException | UnsupportedOperationException e) {
                listener.close();
                throw new IOException("cannot set permissions of milter socket " + u.path() + ": " + e, e);
            }
            bound = ep;
        } else {
            InetSocketAddress addr = (InetSocketAddress) ep.socketAddress();
            if (addr.isUnresolved()) {
                throw new IOException("milter endpoint: cannot resolve host " + addr.getHostString());
            }
            listener = ServerSocketChannel.open(addr.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(addr, 1024);
            InetSocketAddress local = (InetSocketAddress) listener.getLocalAddress();
            bound = new MilterEndpoint.Inet(local.getAddress().getHostAddress(), local.getPort());
        }
        acceptor = new Thread(this::acceptLoop, "milter-accept");
        acceptor.setDaemon(true);
    }

    /** Binds and starts accepting. */
    public static MilterServer start(MilterConfig config, MilterHandler handler) throws IOException {
        MilterServer s = new MilterServer(Objects.requireNonNull(config, "config"), Objects.requireNonNull(handler, "handler"));
        s.acceptor.start();
        log.info("milter listening on {} (max {} connections)", s.bound, config.maxConnections());
        return s;
    }

    /** Where the server listens, with the real port when the configured one was 0. */
    public MilterEndpoint endpoint() {
        return bound;
    }

    /** MTA connections being served now. */
    public int activeConnections() {
        return active.size();
    }

    private void acceptLoop() {
        boolean saturated = false;
        while (!closing) {
            try {
                if (!slots.tryAcquire()) {
                    if (!saturated) {
                        log.warn("milter: all {} connections busy, new MTA connections wait", config.maxConnections());
                        saturated = true;
                    }
                    slots.acquire();
                }
                saturated = false;
                SocketChannel ch;
                try {
                    ch = listener.accept();
                } catch (IOException e) {
                    slots.release();
                    throw e;
                }
                serve(ch);
            } catch (ClosedChannelException | InterruptedException e) {
                break;
            } catch (IOException e) {
                if (closing) {
                    break;
                }
                // e.g. out of file descriptors: back off instead of spinning
                log.warn("milter: accept failed: {}", e.toString());
                sleepQuietly(100);
            }
        }
    }

    private void serve(SocketChannel ch) {
        String id = "m" + ids.incrementAndGet();
        try {
            if (!(config.endpoint() instanceof MilterEndpoint.Unix)) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            MilterConnection[] holder = new MilterConnection[1];
            MilterConnection conn = new MilterConnection(id, ch, config, handler, () -> {
                active.remove(holder[0]);
                slots.release();
            });
            holder[0] = conn;
            active.add(conn);
            workers.execute(() -> {
                Thread.currentThread().setName("milter-" + id);
                conn.run();
            });
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            log.warn("{}: could not start connection: {}", id, e.toString());
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            slots.release();
        }
    }

    /**
     * Stops accepting, gives open connections {@link MilterConfig#shutdownGrace()} to end on their own, then
     * closes the rest (the MTA applies its {@code milter_default_action} to those).
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            listener.close();
        } catch (IOException e) {
            log.warn("milter: closing listener: {}", e.toString());
        }
        acceptor.interrupt();
        if (config.endpoint() instanceof MilterEndpoint.Unix u) {
            try {
                Files.deleteIfExists(u.path());
            } catch (IOException e) {
                log.warn("milter: could not remove socket {}: {}", u.path(), e.toString());
            }
        }
        long until = System.nanoTime() + config.shutdownGrace().toNanos();
        while (!active.isEmpty() && System.nanoTime() < until) {
            sleepQuietly(20);
        }
        if (!active.isEmpty()) {
            log.info("milter: closing {} connections still open after {}", active.size(), config.shutdownGrace());
            for (MilterConnection c : active) {
                c.shutdown();
            }
            try {
                slots.tryAcquire(config.maxConnections(), 2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdown();
        log.info("milter on {} stopped", bound);
    }

    /**
     * Removes a stale socket file left by a crash, but refuses to touch anything that is not a socket or a
     * socket that another process still serves.
     */
    private static void prepareSocketPath(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0170000) != 0140000) {
            throw new IOException("milter socket path " + path + " exists and is not a socket");
        }
        boolean live;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(java.net.UnixDomainSocketAddress.of(path));
            live = true;
        } catch (IOException e) {
            live = false;
        }
        if (live) {
            throw new IOException("milter socket " + path + " is in use by another process");
        }
        Files.delete(path);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
