package dev.backstop.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * The whole configuration, immutable and already validated. Relative paths inside it (other than
 * {@code data_dir}) were resolved against the data directory at load. The YAML keys are the snake_case forms
 * of the component names; {@code backstop.example.yml} documents each one.
 */
public record BackstopConfig(Path dataDir, Milter milter, Policy policy, Web web, Store store, Retention retention,
                             Batv batv, Inbound inbound, Outbound outbound, Mta mta, Logging logging) {

    /** The embedded defaults, as when no file is given. */
    public static BackstopConfig defaults() {
        return ConfigLoader.fromMap(Map.of(), "embedded defaults");
    }

    /** Reads and validates a YAML file. */
    public static BackstopConfig load(Path file) {
        return ConfigLoader.load(file);
    }

    /** Validates YAML text; {@code source} names it in error messages. */
    public static BackstopConfig parse(String yaml, String source) {
        return ConfigLoader.parse(yaml, source);
    }

    /** Every key the loader understands, as dotted paths (e.g. {@code milter.listen}), in file order. */
    public static List<String> knownKeys() {
        return ConfigLoader.knownKeys();
    }

    /** The effective configuration as nested maps keyed like the YAML, secrets replaced by {@code ********}. */
    public Map<String, Object> toMaskedMap() {
        return MaskedView.of(this);
    }

    public record Milter(ListenAddress listen) {
    }

    public record Policy(ListenAddress.Inet listen) {
    }

    public record Web(ListenAddress.Inet listen) {
    }

    /** @param backend only {@code sqlite} so far */
    public record Store(String backend, Sqlite sqlite) {
    }

    /** @param synchronous {@code full} (default: survives power loss) or {@code normal} (survives kill -9 only) */
    public record Sqlite(Path path, String synchronous) {
    }

    public record Retention(int ledgerDays, int eventsDays, int quarantineDays) {
    }

    public enum BatvMode {
        /** Reject bounces with a bad or expired tag; untagged bounces go through the other evidence. */
        NORMAL,
        /** Also reject null-sender mail to an untagged address of a signing domain. */
        STRICT
    }

    /**
     * @param keys       inline keys by number; empty means "use the key file"
     * @param signingKey the key number that signs; empty means the highest inline key or the key file's last line
     * @param keyFile    where generated keys live (created with a random key, mode 0600, on first start)
     */
    public record Batv(boolean enabled, List<String> domains, BatvMode mode, SortedMap<Integer, String> keys,
                       OptionalInt signingKey, Path keyFile, int validityDays) {
        public Batv {
            domains = List.copyOf(domains);
            keys = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(keys));
        }

        @Override
        public String toString() {
            return "Batv[enabled=" + enabled + ", domains=" + domains + ", mode=" + mode + ", keys=" + keys.keySet()
                    + " (secrets hidden), signingKey=" + signingKey + ", keyFile=" + keyFile
                    + ", validityDays=" + validityDays + "]";
        }
    }

    public record Inbound(List<String> relays, List<String> domains, Dkim dkim, Spf spf, Dns dns, Dnsbl dnsbl,
                          Actions actions, Quarantine quarantine) {
        public Inbound {
            relays = List.copyOf(relays);
            domains = List.copyOf(domains);
        }
    }

    /** Our DKIM key, to recognise our signature on a quoted original. All null when not configured. */
    public record Dkim(String selector, String domain, Path publicKeyFile) {
        public boolean configured() {
            return selector != null;
        }
    }

    public record Spf(boolean enabled) {
    }

    /** @param resolver a fixed resolver (tests), or null for the system's */
    public record Dns(int timeoutMs, ListenAddress.Inet resolver) {
    }

    public record Dnsbl(List<String> zones) {
        public Dnsbl {
            zones = List.copyOf(zones);
        }
    }

    /** @param backscatterBatv for backscatter proven by a bad or expired BATV tag (decided at RCPT) */
    public record Actions(VerdictAction genuine, VerdictAction backscatter, VerdictAction backscatterBatv,
                          VerdictAction unknown) {
    }

    /** @param releaseCommand the sendmail binary that re-injects a released message */
    public record Quarantine(Path releaseCommand) {
    }

    /** Settings for outbound containment; null means not set. */
    /**
     * @param networks   clients in these networks send our own mail (besides SASL-authenticated ones)
     * @param ownBounces what to do with a bounce of our own server that would be backscatter: HOLD, DISCARD or
     *                   DELIVER
     */
    public record Outbound(List<String> networks, Path policyFile, String adminEmail, String webhookUrl,
                           VerdictAction ownBounces) {
        public Outbound {
            networks = List.copyOf(networks);
        }

        @Override
        public String toString() {
            return "Outbound[networks=" + networks + ", policyFile=" + policyFile + ", adminEmail=" + adminEmail
                    + ", webhookUrl=" + MaskedView.maskUrl(webhookUrl) + ", ownBounces=" + ownBounces + "]";
        }
    }

    /**
     * The mail server beside us.
     *
     * @param kind      {@code postfix} or {@code exim}: log format and queue tools
     * @param configDir the MTA's configuration directory (Postfix {@code -c}/{@code -C}) for a second instance,
     *                  or null for the default one
     * @param logFile   the mail log to follow (delivery outcomes, submissions), or null not to read one
     * @param containFromLog count and contain the submissions the log shows (hosts without a milter, such as
     *                  cPanel's Exim): a contained source's new mail is then held with the queue tools
     */
    public record Mta(String kind, Path configDir, Path logFile, boolean containFromLog) {
    }

    public enum Level {
        ERROR, WARN, INFO, DEBUG, TRACE
    }

    public record Logging(Level level) {
        public Logging {
            Objects.requireNonNull(level, "level");
        }
    }
}
