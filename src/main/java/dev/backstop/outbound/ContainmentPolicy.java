package dev.backstop.outbound;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The validated containment policy: thresholds per source kind, overrides per source, dry-run, limits and
 * alert settings. Immutable. Built from YAML by {@link #load(Path)} / {@link #parse(String, String)}; every
 * key is optional and {@link #defaults()} suit a small host. A wrong key or value is a
 * {@link dev.backstop.config.ConfigException} naming the key.
 *
 * @param dryRun          when true nothing is contained: what would have been is logged
 * @param maxSources      the most sources tracked in memory at once (least recently active forgotten first)
 * @param newSourceFactor thresholds are multiplied by this during a source's first hour (1 = no difference)
 * @param kinds           thresholds per source kind
 * @param sources         overrides per source, keyed by the source as printed ({@code script 33:/var/www/x.php})
 * @param alerts          alert settings
 */
public record ContainmentPolicy(boolean dryRun, int maxSources, double newSourceFactor,
                                Map<Source.Kind, Thresholds> kinds, Map<String, SourceRule> sources,
                                AlertSettings alerts) {

    /**
     * An override for one source.
     *
     * @param allow      never contain it (its mail is still counted)
     * @param thresholds its thresholds (unset keys inherit its kind's)
     */
    public record SourceRule(boolean allow, Thresholds thresholds) {
    }

    /**
     * @param sender         envelope and From address of alert mail
     * @param escalateFactor one escalation alert when an incident's held count reaches this many times the count
     *                       that opened it
     * @param retryAttempts  attempts per notifier and alert, the first included
     * @param retryBackoffMs delay before the first retry; doubled for each further one
     */
    public record AlertSettings(String sender, int escalateFactor, int retryAttempts, long retryBackoffMs) {
    }

    public ContainmentPolicy {
        kinds = Map.copyOf(new EnumMap<>(kinds));
        sources = Map.copyOf(sources);
    }

    /** The embedded defaults, used when no policy file is configured. */
    public static ContainmentPolicy defaults() {
        return PolicyLoader.parse("", "embedded defaults");
    }

    /** Reads and validates a policy file. */
    public static ContainmentPolicy load(Path file) {
        return PolicyLoader.load(file);
    }

    /** Validates policy YAML; {@code label} names it in error messages. */
    public static ContainmentPolicy parse(String yaml, String label) {
        return PolicyLoader.parse(yaml, label);
    }

    /** Every key a policy file may hold, as dotted paths ({@code sources.NAME.*} shown with NAME). */
    public static List<String> knownKeys() {
        return PolicyLoader.knownKeys();
    }

    /** The thresholds for {@code source}: its override, else its kind's. */
    public Thresholds thresholds(Source source) {
        SourceRule rule = sources.get(source.toString());
        return rule != null ? rule.thresholds() : kinds.get(source.kind());
    }

    public boolean allowed(String source) {
        SourceRule rule = sources.get(source);
        return rule != null && rule.allow();
    }

    /** Distinct values the counters keep per source: enough to see the largest distinct threshold crossed. */
    int distinctCap() {
        long max = 0;
        for (Thresholds t : kinds.values()) {
            max = Math.max(max, t.largestDistinct());
        }
        for (SourceRule r : sources.values()) {
            max = Math.max(max, r.thresholds().largestDistinct());
        }
        return (int) Math.min(PolicyLoader.MAX_DISTINCT + 1, Math.max(64, max + 1));
    }

    int contentCap() {
        long max = 0;
        for (Thresholds t : kinds.values()) {
            max = Math.max(max, t.repeatedContent10m());
        }
        for (SourceRule r : sources.values()) {
            max = Math.max(max, r.thresholds().repeatedContent10m());
        }
        return (int) Math.min(PolicyLoader.MAX_DISTINCT + 1, Math.max(16, max + 1));
    }
}
