package dev.backstop.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM or Ctrl-C for a command that runs in the foreground: {@link #await} returns when it comes, and the
 * JVM's shutdown waits (up to 15 s) until the command says {@link #closed}, so listeners and the store are closed
 * before the JVM halts.
 */
final class ShutdownSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private ShutdownSignal() {
    }

    static ShutdownSignal install() {
        ShutdownSignal s = new ShutdownSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s.stopped.countDown();
            try {
                s.closed.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        return s;
    }

    /** Blocks until the process is told to stop. */
    void await() throws InterruptedException {
        stopped.await();
    }

    /** Everything is closed: the JVM may halt. */
    void closed() {
        closed.countDown();
    }
}
