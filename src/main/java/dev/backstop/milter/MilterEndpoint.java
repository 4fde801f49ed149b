package dev.backstop.milter;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a milter listens, in Postfix's notation: {@code inet:host:port} (IPv6 as {@code inet:[::1]:port}),
 * Sendmail's {@code inet:port@host}, {@code inet:port} (loopback), or {@code unix:/absolute/path} (also
 * {@code local:/path}).
 */
public sealed interface MilterEndpoint {

    /** A TCP endpoint; port 0 asks the system for a free port. */
    record Inet(String host, int port) implements MilterEndpoint {
        public Inet {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("milter endpoint: empty host");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("milter endpoint: port out of range: " + port);
            }
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String toString() {
            return "inet:" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** A unix-domain socket at an absolute path. */
    record Unix(Path path) implements MilterEndpoint {
        public Unix {
            Objects.requireNonNull(path, "path");
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("milter endpoint: unix socket path must be absolute: " + path);
            }
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    SocketAddress socketAddress();

    /**
     * Parses Postfix or Sendmail milter notation.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    static MilterEndpoint parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.trim();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("milter endpoint needs inet:HOST:PORT or unix:/PATH, got '" + spec + "'");
        }
        String transport = s.substring(0, colon);
        String rest = s.substring(colon + 1);
        switch (transport) {
            case "unix", "local" -> {
                if (rest.isEmpty() || rest.charAt(0) != '/') {
                    throw new IllegalArgumentException("milter endpoint: unix socket path must be absolute in '" + spec + "'");
                }
                return new Unix(Path.of(rest));
            }
            case "inet", "inet6" -> {
                return parseInet(rest, spec);
            }
            default -> throw new IllegalArgumentException(
                    "milter endpoint: unknown transport '" + transport + "' in '" + spec + "' (use inet: or unix:)");
        }
    }

    private static Inet parseInet(String rest, String spec) {
        String host;
        String port;
        int at = rest.indexOf('@');
        if (at >= 0) {
            port = rest.substring(0, at);
            host = rest.substring(at + 1);
        } else if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("milter endpoint: bad bracketed host in '" + spec + "'");
            }
            host = rest.substring(1, close);
            port = rest.substring(close + 2);
        } else {
            int last = rest.lastIndexOf(':');
            if (last < 0) {
                host = "127.0.0.1";
                port = rest;
            } else {
                host = rest.substring(0, last);
                port = rest.substring(last + 1);
                if (host.indexOf(':') >= 0) {
                    throw new IllegalArgumentException("milter endpoint: put an IPv6 host in brackets in '" + spec + "'");
                }
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("milter endpoint: empty host in '" + spec + "'");
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("milter endpoint: bad port '" + port + "' in '" + spec + "'");
        }
        int p = Integer.parseInt(port);
        if (p > 65535) {
            throw new IllegalArgumentException("milter endpoint: port out of range in '" + spec + "'");
        }
        return new Inet(host, p);
    }
}
