package dev.backstop.outbound;

import dev.backstop.config.ConfigException;
import dev.backstop.config.YamlDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads policy YAML (safe loading: maps, lists, scalars) into a validated {@link ContainmentPolicy}. */
final class PolicyLoader {
    /** Distinct counts are kept exactly up to this; a larger threshold could never be seen crossed. */
    static final int MAX_DISTINCT = 1000;
    private static final int MAX_SOURCE_RULES = 10_000;

    /**
     * Embedded defaults per kind, in the order of {@link #THRESHOLD_KEYS}: messages_1m, messages_10m,
     * messages_1h, recipients_10m, recipients_1h, distinct_recipients_10m, distinct_recipients_1h,
     * distinct_domains_1h, repeated_content_10m, failure_ratio, failure_min_volume. Why these: a contact form
     * writes to one or two fixed addresses, so twenty distinct recipients in ten minutes is already a spray;
     * people (local users, SASL logins) write to many correspondents but rarely to a hundred new ones an hour.
     */
    private static final Map<Source.Kind, double[]> DEFAULTS = Map.of(
            Source.Kind.SCRIPT, new double[] {10, 30, 100, 40, 0, 20, 50, 20, 10, 0.5, 10},
            Source.Kind.USER, new double[] {0, 1000, 5000, 2000, 0, 100, 300, 100, 30, 0.5, 50},
            Source.Kind.SASL, new double[] {0, 300, 1000, 600, 0, 60, 200, 100, 30, 0.5, 30},
            Source.Kind.IP, new double[] {0, 300, 2000, 600, 0, 100, 300, 150, 50, 0.5, 50},
            Source.Kind.DOMAIN, new double[] {0, 300, 2000, 600, 0, 100, 300, 150, 50, 0.5, 50},
            Source.Kind.UNKNOWN, new double[] {0, 300, 2000, 600, 0, 100, 300, 150, 50, 0.5, 50});

    static final List<String> THRESHOLD_KEYS = List.of("messages_1m", "messages_10m", "messages_1h",
            "recipients_10m", "recipients_1h", "distinct_recipients_10m", "distinct_recipients_1h",
            "distinct_domains_1h", "repeated_content_10m", "failure_ratio", "failure_min_volume");

    private PolicyLoader() {
    }

    static ContainmentPolicy load(Path file) {
        return parse(YamlDocument.read(file, "policy"), file.toString());
    }

    static ContainmentPolicy parse(String yaml, String label) {
        return parse(YamlDocument.parse(yaml, label), label);
    }

    private static ContainmentPolicy parse(Map<?, ?> root, String label) {
        return build(new Keys(label, "", root, new ArrayList<>()));
    }

    static List<String> knownKeys() {
        List<String> known = new ArrayList<>();
        Keys root = new Keys("", "", Map.of(), known);
        build(root);
        // a source override has the kind keys plus allow; listed once under a placeholder name
        known.add("sources.NAME.allow");
        for (String k : THRESHOLD_KEYS) {
            known.add("sources.NAME." + k);
        }
        known.add("sources.NAME.action");
        return List.copyOf(new LinkedHashSet<>(known));
    }

    private static ContainmentPolicy build(Keys root) {
        boolean dryRun = root.bool("dry_run", false);
        int maxSources = (int) root.whole("max_sources", 100_000, 1_000, 10_000_000);
        double newFactor = root.decimal("new_source_factor", 1.0, 0.01, 1.0);
        Keys kindsK = root.section("kinds");
        Map<Source.Kind, Thresholds> kinds = new EnumMap<>(Source.Kind.class);
        for (Source.Kind kind : Source.Kind.values()) {
            double[] d = DEFAULTS.get(kind);
            Thresholds base = new Thresholds((long) d[0], (long) d[1], (long) d[2], (long) d[3], (long) d[4],
                    (long) d[5], (long) d[6], (long) d[7], (long) d[8], d[9], (long) d[10], ContainmentAction.HOLD);
            Keys k = kindsK.section(kind.label());
            kinds.put(kind, thresholds(k, base));
            k.finish();
        }
        kindsK.finish();
        Keys sourcesK = root.section("sources");
        Map<String, ContainmentPolicy.SourceRule> sources = new LinkedHashMap<>();
        if (sourcesK.map.size() > MAX_SOURCE_RULES) {
            throw new ConfigException(sourcesK.where("sources") + ": more than " + MAX_SOURCE_RULES + " overrides");
        }
        for (Object name : sourcesK.map.keySet()) {
            String text = String.valueOf(name);
            Source source;
            try {
                source = Source.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(sourcesK.where(text) + ": " + e.getMessage());
            }
            Keys s = sourcesK.section(text);
            boolean allow = s.bool("allow", false);
            sources.put(source.toString(), new ContainmentPolicy.SourceRule(allow, thresholds(s, kinds.get(source.kind()))));
            s.finish();
        }
        Keys alertsK = root.section("alerts");
        var alerts = new ContainmentPolicy.AlertSettings(alertsK.address("sender", "backstop@localhost"),
                (int) alertsK.whole("escalate_factor", 10, 2, 1_000_000),
                (int) alertsK.whole("retry_attempts", 5, 1, 20),
                alertsK.whole("retry_backoff_ms", 1000, 1, 3_600_000));
        alertsK.finish();
        root.finish();
        return new ContainmentPolicy(dryRun, maxSources, newFactor, kinds, sources, alerts);
    }

    private static Thresholds thresholds(Keys k, Thresholds base) {
        long[] v = new long[9];
        long[] b = {base.messages1m(), base.messages10m(), base.messages1h(), base.recipients10m(), base.recipients1h(),
                base.distinctRecipients10m(), base.distinctRecipients1h(), base.distinctDomains1h(),
                base.repeatedContent10m()};
        for (int i = 0; i < 9; i++) {
            String key = THRESHOLD_KEYS.get(i);
            long max = key.startsWith("distinct") || key.startsWith("repeated") ? MAX_DISTINCT : Integer.MAX_VALUE;
            v[i] = k.whole(key, b[i], 0, max);
        }
        double ratio = k.decimal("failure_ratio", base.failureRatio(), 0, 1);
        long minVolume = k.whole("failure_min_volume", base.failureMinVolume(), 0, Integer.MAX_VALUE);
        String actionText = k.string("action", base.action().name().toLowerCase(Locale.ROOT));
        ContainmentAction action = switch (actionText.toLowerCase(Locale.ROOT)) {
            case "hold" -> ContainmentAction.HOLD;
            case "tempfail" -> ContainmentAction.TEMPFAIL;
            case "reject" -> ContainmentAction.REJECT;
            default -> throw new ConfigException(k.where("action") + ": must be hold, tempfail or reject, not '"
                    + actionText + "'");
        };
        return new Thresholds(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], ratio, minVolume, action);
    }

    /** One mapping being read; any key nobody asked for is an error naming its full path. */
    private static final class Keys {
        final String label;
        final String path;
        final Map<?, ?> map;
        final Set<String> asked = new LinkedHashSet<>();
        final List<String> known;

        Keys(String label, String path, Map<?, ?> map, List<String> known) {
            this.label = label;
            this.path = path;
            this.map = map;
            this.known = known;
        }

        String where(String key) {
            return (label.isEmpty() ? "" : label + ": ") + (path.isEmpty() ? key : path + "." + key);
        }

        Object leaf(String key) {
            asked.add(key);
            known.add(path.isEmpty() ? key : path + "." + key);
            return map.get(key);
        }

        Keys section(String key) {
            asked.add(key);
            Object v = map.get(key);
            if (v != null && !(v instanceof Map)) {
                throw new ConfigException(where(key) + ": must be a mapping of keys");
            }
            return new Keys(label, path.isEmpty() ? key : path + "." + key, v == null ? Map.of() : (Map<?, ?>) v, known);
        }

        boolean bool(String key, boolean dflt) {
            Object v = leaf(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            throw new ConfigException(where(key) + ": must be true or false, not '" + shown(v) + "'");
        }

        long whole(String key, long dflt, long min, long max) {
            Object v = leaf(key);
            if (v == null) {
                return dflt;
            }
            if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min
                    || ((Number) v).longValue() > max) {
                throw new ConfigException(where(key) + ": must be a whole number from " + min + " to " + max
                        + ", not '" + shown(v) + "'");
            }
            return ((Number) v).longValue();
        }

        double decimal(String key, double dflt, double min, double max) {
            Object v = leaf(key);
            if (v == null) {
                return dflt;
            }
            if (!(v instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max || Double.isNaN(n.doubleValue())) {
                throw new ConfigException(where(key) + ": must be a number from " + min + " to " + max + ", not '"
                        + shown(v) + "'");
            }
            return n.doubleValue();
        }

        String string(String key, String dflt) {
            Object v = leaf(key);
            if (v == null) {
                return dflt;
            }
            if (!(v instanceof String s)) {
                throw new ConfigException(where(key) + ": must be text, not '" + shown(v) + "'");
            }
            return s;
        }

        String address(String key, String dflt) {
            String s = string(key, dflt);
            int at = s.lastIndexOf('@');
            if (s.length() > 254 || at <= 0 || at == s.length() - 1 || s.startsWith("-")
                    || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '<' && c != '>' && c != ',')) {
                throw new ConfigException(where(key) + ": must be a plain address like backstop@example.com, not '"
                        + shown(s) + "'");
            }
            return s;
        }

        void finish() {
            for (Object k : map.keySet()) {
                if (!(k instanceof String s) || !asked.contains(s)) {
                    throw new ConfigException(where(String.valueOf(k)) + ": unknown key (known keys"
                            + (path.isEmpty() ? "" : " under " + path) + ": " + String.join(", ", asked) + ")");
                }
            }
        }

        private static String shown(Object v) {
            String s = String.valueOf(v);
            return s.length() > 80 ? s.substring(0, 80) + "..." : s;
        }
    }
}
