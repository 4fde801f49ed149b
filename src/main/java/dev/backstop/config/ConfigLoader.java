package dev.backstop.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads the YAML (safe loading: plain maps, lists and scalars only) and builds the validated record tree. */
final class ConfigLoader {
    private ConfigLoader() {
    }

    static BackstopConfig load(Path file) {
        return fromMap(YamlDocument.read(file, "configuration"), file.toString());
    }

    static BackstopConfig parse(String yaml, String source) {
        return fromMap(YamlDocument.parse(yaml, source), source);
    }

    static List<String> knownKeys() {
        List<String> known = new ArrayList<>();
        build(new Section("", Map.of(), known));
        return List.copyOf(known);
    }

    static BackstopConfig fromMap(Map<?, ?> map, String source) {
        return build(new Section("", map, new ArrayList<>()));
    }

    private static BackstopConfig build(Section root) {
        Path dataDir = Path.of(Values.string(root, "data_dir", "./data")).normalize();

        Section milterS = root.section("milter");
        var milter = new BackstopConfig.Milter(Values.listen(milterS, "listen", "inet:127.0.0.1:8830"));
        milterS.finish();

        Section policyS = root.section("policy");
        var policy = new BackstopConfig.Policy(Values.hostPort(policyS, "listen", "127.0.0.1:8831"));
        policyS.finish();

        Section webS = root.section("web");
        var web = new BackstopConfig.Web(Values.hostPort(webS, "listen", "127.0.0.1:8025"));
        webS.finish();

        Section storeS = root.section("store");
        String backend = Values.oneOf(storeS, "backend", "sqlite", List.of("sqlite"));
        Section sqliteS = storeS.section("sqlite");
        var sqlite = new BackstopConfig.Sqlite(dataDir.resolve(Values.string(sqliteS, "path", "backstop.db")),
                Values.oneOf(sqliteS, "synchronous", "full", List.of("full", "normal")));
        sqliteS.finish();
        storeS.finish();

        Section retS = root.section("retention");
        var retention = new BackstopConfig.Retention(Values.integer(retS, "ledger_days", 30, 1, 3650),
                Values.integer(retS, "events_days", 90, 1, 3650), Values.integer(retS, "quarantine_days", 30, 1, 3650));
        retS.finish();

        var batv = batv(root.section("batv"), dataDir);
        var inbound = inbound(root.section("inbound"), dataDir);

        Section outS = root.section("outbound");
        List<String> networks = Values.networks(outS, "networks", List.of("127.0.0.0/8", "::1"));
        String policyFile = Values.optionalString(outS, "policy_file");
        var outbound = new BackstopConfig.Outbound(networks,
                policyFile == null ? null : dataDir.resolve(policyFile),
                Values.email(outS, "admin_email"), Values.url(outS, "webhook_url"),
                ownBounces(outS));
        outS.finish();

        Section mtaS = root.section("mta");
        String kind = Values.oneOf(mtaS, "kind", "postfix", List.of("postfix", "exim"));
        String mtaDir = Values.optionalString(mtaS, "config_dir");
        String logFile = Values.optionalString(mtaS, "log_file");
        var mta = new BackstopConfig.Mta(kind, mtaDir == null ? null : Path.of(mtaDir).toAbsolutePath().normalize(),
                logFile == null ? null : Path.of(logFile).toAbsolutePath().normalize(),
                Values.bool(mtaS, "contain_from_log", false));
        mtaS.finish();

        Section logS = root.section("logging");
        var logging = new BackstopConfig.Logging(BackstopConfig.Level.valueOf(
                Values.oneOf(logS, "level", "info", List.of("error", "warn", "info", "debug", "trace"))
                        .toUpperCase(Locale.ROOT)));
        logS.finish();

        root.finish();
        return new BackstopConfig(dataDir, milter, policy, web, new BackstopConfig.Store(backend, sqlite), retention,
                batv, inbound, outbound, mta, logging);
    }

    private static BackstopConfig.Batv batv(Section s, Path dataDir) {
        boolean enabled = Values.bool(s, "enabled", true);
        List<String> domains = Values.domains(s, "domains");
        var mode = BackstopConfig.BatvMode.valueOf(
                Values.oneOf(s, "mode", "normal", List.of("normal", "strict")).toUpperCase(Locale.ROOT));
        SortedMap<Integer, String> keys = keys(s, "keys");
        Object signing = s.leaf("signing_key");
        OptionalInt signingKey = OptionalInt.empty();
        if (signing != null) {
            if (!(signing instanceof Integer n) || n < 0 || n > 9) {
                throw bad(s.path("signing_key"), signing, "a key number from 0 to 9");
            }
            if (!keys.isEmpty() && !keys.containsKey(n)) {
                throw new ConfigException(s.path("signing_key") + ": bad value '" + n + "' (no such key under "
                        + s.path("keys") + "; have " + keys.keySet() + ")");
            }
            signingKey = OptionalInt.of(n);
        }
        Path keyFile = dataDir.resolve(Values.string(s, "key_file", "batv.keys"));
        int validity = Values.integer(s, "validity_days", 7, 1, 365);
        s.finish();
        return new BackstopConfig.Batv(enabled, domains, mode, keys, signingKey, keyFile, validity);
    }

    /** Key number to secret. Secret values never appear in an error message. */
    private static SortedMap<Integer, String> keys(Section s, String key) {
        Object v = s.leaf(key);
        SortedMap<Integer, String> out = new TreeMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new ConfigException(s.path(key) + ": bad value (expected a mapping of key number 0-9 to secret)");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String path = s.path(key) + "." + e.getKey();
            int n;
            try {
                n = Integer.parseInt(String.valueOf(e.getKey()));
            } catch (NumberFormatException nfe) {
                n = -1;
            }
            if (n < 0 || n > 9) {
                throw new ConfigException(path + ": bad key number '" + Values.shorten(e.getKey())
                        + "' (expected 0 to 9)");
            }
            if (!(e.getValue() instanceof String secret) || secret.length() < 16) {
                throw new ConfigException(path + ": bad value (hidden) (expected a secret of at least 16 characters)");
            }
            out.put(n, secret);
        }
        return out;
    }

    private static BackstopConfig.Inbound inbound(Section s, Path dataDir) {
        List<String> relays = Values.hosts(s, "relays");
        List<String> domains = Values.domains(s, "domains");

        Section dkimS = s.section("dkim");
        String selector = Values.optionalString(dkimS, "selector");
        List<String> dkimDomain = Values.domainOrNull(dkimS, "domain");
        String publicKey = Values.optionalString(dkimS, "public_key_file");
        if ((selector == null) != (dkimDomain == null)) {
            throw new ConfigException(dkimS.path(selector == null ? "selector" : "domain")
                    + ": missing (selector and domain are set together)");
        }
        dkimS.finish();
        var dkim = new BackstopConfig.Dkim(selector, dkimDomain == null ? null : dkimDomain.get(0),
                publicKey == null ? null : dataDir.resolve(publicKey));

        Section spfS = s.section("spf");
        var spf = new BackstopConfig.Spf(Values.bool(spfS, "enabled", true));
        spfS.finish();

        Section dnsS = s.section("dns");
        var dns = new BackstopConfig.Dns(Values.integer(dnsS, "timeout_ms", 2000, 1, 60_000),
                Values.optionalHostPort(dnsS, "resolver"));
        dnsS.finish();

        Section dnsblS = s.section("dnsbl");
        var dnsbl = new BackstopConfig.Dnsbl(Values.domains(dnsblS, "zones"));
        dnsblS.finish();

        Section actS = s.section("actions");
        var actions = new BackstopConfig.Actions(Values.action(actS, "genuine", VerdictAction.DELIVER),
                Values.action(actS, "backscatter", VerdictAction.QUARANTINE),
                Values.action(actS, "backscatter_batv", VerdictAction.REJECT),
                Values.action(actS, "unknown", VerdictAction.QUARANTINE));
        actS.finish();

        Section qS = s.section("quarantine");
        var quarantine = new BackstopConfig.Quarantine(
                Values.absolutePath(qS, "release_command", "/usr/sbin/sendmail"));
        qS.finish();

        s.finish();
        return new BackstopConfig.Inbound(relays, domains, dkim, spf, dns, dnsbl, actions, quarantine);
    }

    private static VerdictAction ownBounces(Section s) {
        VerdictAction a = Values.action(s, "own_bounces", VerdictAction.HOLD);
        if (a != VerdictAction.HOLD && a != VerdictAction.DISCARD && a != VerdictAction.DELIVER) {
            throw bad(s.path("own_bounces"), a.label(), "hold, discard or deliver");
        }
        return a;
    }

    static ConfigException bad(String path, Object value, String expected) {
        return new ConfigException(path + ": bad value '" + Values.shorten(value) + "' (expected " + expected + ")");
    }

    static String typeName(Object v) {
        if (v instanceof Map) {
            return "mapping";
        }
        if (v instanceof List) {
            return "list";
        }
        return v == null ? "empty value" : v.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
