package dev.backstop.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The effective configuration for display (the settings page): keyed exactly like the YAML, with secrets
 * masked. BATV secrets are always masked; a webhook URL keeps only scheme and host, because chat webhooks
 * carry their token in the path.
 */
final class MaskedView {
    static final String MASK = "********";

    private MaskedView() {
    }

    static Map<String, Object> of(BackstopConfig c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("data_dir", c.dataDir().toString());
        root.put("milter", map("listen", milterListen(c.milter().listen())));
        root.put("policy", map("listen", c.policy().listen().toString()));
        root.put("web", map("listen", c.web().listen().toString()));
        root.put("store", map("backend", c.store().backend(), "sqlite",
                map("path", str(c.store().sqlite().path()), "synchronous", c.store().sqlite().synchronous())));
        root.put("retention", map("ledger_days", c.retention().ledgerDays(), "events_days", c.retention().eventsDays(),
                "quarantine_days", c.retention().quarantineDays()));
        var b = c.batv();
        Map<String, Object> keys = new LinkedHashMap<>();
        b.keys().keySet().forEach(k -> keys.put(String.valueOf(k), MASK));
        root.put("batv", map("enabled", b.enabled(), "domains", b.domains(), "mode", lower(b.mode()), "keys", keys,
                "signing_key", b.signingKey().isPresent() ? b.signingKey().getAsInt() : null,
                "key_file", str(b.keyFile()), "validity_days", b.validityDays()));
        var in = c.inbound();
        List<String> relays = new ArrayList<>(in.relays());
        root.put("inbound", map("relays", relays, "domains", in.domains(),
                "dkim", map("selector", in.dkim().selector(), "domain", in.dkim().domain(),
                        "public_key_file", str(in.dkim().publicKeyFile())),
                "spf", map("enabled", in.spf().enabled()),
                "dns", map("timeout_ms", in.dns().timeoutMs(),
                        "resolver", in.dns().resolver() == null ? null : in.dns().resolver().toString()),
                "dnsbl", map("zones", in.dnsbl().zones()),
                "actions", map("genuine", lower(in.actions().genuine()), "backscatter", lower(in.actions().backscatter()),
                        "backscatter_batv", lower(in.actions().backscatterBatv()), "unknown", lower(in.actions().unknown())),
                "quarantine", map("release_command", str(in.quarantine().releaseCommand()))));
        var out = c.outbound();
        root.put("outbound", map("networks", out.networks(), "policy_file", str(out.policyFile()), "admin_email", out.adminEmail(),
                "webhook_url", maskUrl(out.webhookUrl()), "own_bounces", lower(out.ownBounces())));
        root.put("mta", map("kind", c.mta().kind(), "config_dir", str(c.mta().configDir()),
                "log_file", str(c.mta().logFile()), "contain_from_log", c.mta().containFromLog()));
        root.put("logging", map("level", lower(c.logging().level())));
        return root;
    }

    static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = new URI(url);
            if (u.getScheme() != null && u.getHost() != null) {
                return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "") + "/" + MASK;
            }
        } catch (URISyntaxException e) {
            // fall through: mask all of it
        }
        return MASK;
    }

    private static String milterListen(ListenAddress a) {
        return a instanceof ListenAddress.Inet i ? "inet:" + i : a.toString();
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
