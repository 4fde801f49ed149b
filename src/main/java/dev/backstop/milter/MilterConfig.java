package dev.backstop.milter;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The milter server's settings, validated when built; a bad value fails with a message naming the setting.
 * Defaults: loopback {@code inet:127.0.0.1:8830}, 512 connections, 256 KiB packets, 15 minutes read timeout,
 * unix socket mode 0666, the macros Backstop uses, tempfail when a session throws.
 */
public final class MilterConfig {

    /** Postfix sends body chunks of at most 65535 bytes; a packet must hold one plus its command byte. */
    static final int MIN_PACKET_SIZE = 65536;

    /** The macros Backstop asks for per stage (overriding Postfix's {@code milter_*_macros}). */
    public static final Map<MacroStage, List<String>> DEFAULT_MACROS = defaultMacros();

    private final MilterEndpoint endpoint;
    private final int maxConnections;
    private final Duration readTimeout;
    private final int maxPacketSize;
    private final Duration shutdownGrace;
    private final Set<PosixFilePermission> unixSocketPermissions;
    private final Map<MacroStage, List<String>> macros;
    private final Set<MilterEvent> skipEvents;
    private final Set<MilterEvent> noReplyEvents;
    private final Decision failureDecision;

    private MilterConfig(Builder b) {
        this.endpoint = Objects.requireNonNull(b.endpoint, "endpoint");
        this.maxConnections = require("maxConnections", b.maxConnections, 1, 100_000);
        this.maxPacketSize = require("maxPacketSize", b.maxPacketSize, MIN_PACKET_SIZE, 64 << 20);
        this.readTimeout = requirePositive("readTimeout", b.readTimeout);
        this.shutdownGrace = Objects.requireNonNull(b.shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative: " + shutdownGrace);
        }
        this.unixSocketPermissions = Collections.unmodifiableSet(EnumSet.copyOf(b.unixSocketPermissions));
        EnumMap<MacroStage, List<String>> m = new EnumMap<>(MacroStage.class);
        b.macros.forEach((stage, names) -> {
            for (String n : names) {
                if (n.isEmpty() || n.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
                    throw new IllegalArgumentException("macros: bad macro name '" + n + "' for " + stage);
                }
            }
            m.put(stage, List.copyOf(names));
        });
        this.macros = Collections.unmodifiableMap(m);
        this.skipEvents = Collections.unmodifiableSet(copy(b.skipEvents));
        if (skipEvents.contains(MilterEvent.CONNECT)) {
            throw new IllegalArgumentException("skipEvents: CONNECT cannot be skipped, sessions start with it");
        }
        this.noReplyEvents = Collections.unmodifiableSet(copy(b.noReplyEvents));
        this.failureDecision = Objects.requireNonNull(b.failureDecision, "failureDecision");
        if (failureDecision instanceof Decision.Skip || failureDecision instanceof Decision.Continue) {
            throw new IllegalArgumentException("failureDecision must be final, not " + failureDecision);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static MilterConfig defaults() {
        return builder().build();
    }

    public MilterEndpoint endpoint() {
        return endpoint;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    public Set<PosixFilePermission> unixSocketPermissions() {
        return unixSocketPermissions;
    }

    public Map<MacroStage, List<String>> macros() {
        return macros;
    }

    public Set<MilterEvent> skipEvents() {
        return skipEvents;
    }

    public Set<MilterEvent> noReplyEvents() {
        return noReplyEvents;
    }

    public Decision failureDecision() {
        return failureDecision;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private MilterEndpoint endpoint = new MilterEndpoint.Inet("127.0.0.1", 8830);
        private int maxConnections = 512;
        private Duration readTimeout = Duration.ofMinutes(15);
        private int maxPacketSize = 256 * 1024;
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private Set<PosixFilePermission> unixSocketPermissions = PosixFilePermissions.fromString("rw-rw-rw-");
        private Map<MacroStage, List<String>> macros = DEFAULT_MACROS;
        private Set<MilterEvent> skipEvents = Set.of();
        private Set<MilterEvent> noReplyEvents = Set.of();
        private Decision failureDecision = Decision.TEMPFAIL;

        private Builder() {}

        public Builder endpoint(MilterEndpoint endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Postfix notation, see {@link MilterEndpoint#parse}. */
        public Builder endpoint(String spec) {
            this.endpoint = MilterEndpoint.parse(spec);
            return this;
        }

        /** Connections served at once; further MTA connections wait in the listen backlog. */
        public Builder maxConnections(int n) {
            this.maxConnections = n;
            return this;
        }

        /**
         * How long to wait for the MTA's next packet. Postfix keeps the milter connection idle while its SMTP
         * client thinks (up to {@code smtpd_timeout}, 300 s), so keep this well above that.
         */
        public Builder readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        /** The largest packet accepted (length field), at least 64 KiB; larger lengths close the connection. */
        public Builder maxPacketSize(int bytes) {
            this.maxPacketSize = bytes;
            return this;
        }

        /** How long {@link MilterServer#close()} lets open sessions finish before cutting them. */
        public Builder shutdownGrace(Duration d) {
            this.shutdownGrace = d;
            return this;
        }

        /** Mode of the unix socket file; the MTA's user must be able to write it. */
        public Builder unixSocketPermissions(Set<PosixFilePermission> perms) {
            this.unixSocketPermissions = perms;
            return this;
        }

        public Builder unixSocketPermissions(String rwx) {
            this.unixSocketPermissions = PosixFilePermissions.fromString(rwx);
            return this;
        }

        /** Macro names per stage requested at option negotiation (empty map: the MTA's own defaults). */
        public Builder macros(Map<MacroStage, List<String>> macros) {
            this.macros = Objects.requireNonNull(macros, "macros");
            return this;
        }

        public Builder skipEvents(Set<MilterEvent> events) {
            this.skipEvents = events;
            return this;
        }

        public Builder noReplyEvents(Set<MilterEvent> events) {
            this.noReplyEvents = events;
            return this;
        }

        /** The answer when a session callback throws; tempfail keeps the mail queued at the sender. */
        public Builder failureDecision(Decision d) {
            this.failureDecision = d;
            return this;
        }

        public MilterConfig build() {
            return new MilterConfig(this);
        }
    }

    private static int require(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be in " + min + ".." + max + ", was " + value);
        }
        return value;
    }

    private static Duration requirePositive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, was " + d);
        }
        return d;
    }

    private static EnumSet<MilterEvent> copy(Set<MilterEvent> events) {
        EnumSet<MilterEvent> s = EnumSet.noneOf(MilterEvent.class);
        s.addAll(events);
        return s;
    }

    private static Map<MacroStage, List<String>> defaultMacros() {
        EnumMap<MacroStage, List<String>> m = new EnumMap<>(MacroStage.class);
        m.put(MacroStage.CONNECT, List.of("j", "_", "{daemon_name}", "{daemon_addr}", "{client_addr}", "{client_name}"));
        m.put(MacroStage.HELO, List.of("{tls_version}", "{cipher}"));
        m.put(MacroStage.ENVFROM, List.of("i", "{auth_type}", "{auth_authen}", "{auth_author}", "{mail_addr}"));
        m.put(MacroStage.ENVRCPT, List.of("{rcpt_addr}", "{rcpt_mailer}"));
        m.put(MacroStage.DATA, List.of("i"));
        m.put(MacroStage.EOH, List.of("i"));
        m.put(MacroStage.EOM, List.of("i"));
        return Collections.unmodifiableMap(m);
    }
}
