package dev.backstop.config;

import java.nio.file.Path;

/** Where a listener binds: a TCP host and port, or a unix socket path. */
public sealed interface ListenAddress {

    /** {@code inet:HOST:PORT} (milter) or {@code HOST:PORT}; port 0 asks the OS for a free port (tests). */
    record Inet(String host, int port) implements ListenAddress {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** {@code unix:/absolute/path}. */
    record Unix(Path path) implements ListenAddress {
        @Override
        public String toString() {
            return "unix:" + path;
        }
    }
}
