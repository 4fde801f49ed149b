package dev.backstop.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Typed, validated reads of leaf values; every failure names the key path and the bad value. */
final class Values {
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*\\.?");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");
    private static final Pattern LOCAL_PART = Pattern.compile("[^\\s@<>()\\[\\],;:\"]{1,64}");

    private Values() {
    }

    static String shorten(Object v) {
        if (v instanceof java.util.Map || v instanceof List) {
            return "<" + ConfigLoader.typeName(v) + ">";
        }
        String s = String.valueOf(v);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    static String optionalString(Section s, String key) {
        Object v = s.leaf(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String str) || str.isBlank()) {
            throw ConfigLoader.bad(s.path(key), v, "a non-empty string");
        }
        return str.strip();
    }

    static String string(Section s, String key, String def) {
        String v = optionalString(s, key);
        return v == null ? def : v;
    }

    static int integer(Section s, String key, int def, int min, int max) {
        Object v = s.leaf(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Integer n) || n < min || n > max) {
            throw ConfigLoader.bad(s.path(key), v, "an integer from " + min + " to " + max);
        }
        return n;
    }

    static boolean bool(Section s, String key, boolean def) {
        Object v = s.leaf(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Boolean b)) {
            throw ConfigLoader.bad(s.path(key), v, "true or false");
        }
        return b;
    }

    static String oneOf(Section s, String key, String def, List<String> allowed) {
        Object v = s.leaf(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof String str) || !allowed.contains(str.strip().toLowerCase(Locale.ROOT))) {
            throw ConfigLoader.bad(s.path(key), v, "one of " + String.join(", ", allowed));
        }
        return str.strip().toLowerCase(Locale.ROOT);
    }

    static VerdictAction action(Section s, String key, VerdictAction def) {
        List<String> names = new ArrayList<>();
        for (VerdictAction a : VerdictAction.values()) {
            names.add(a.name().toLowerCase(Locale.ROOT));
        }
        String v = oneOf(s, key, def.name().toLowerCase(Locale.ROOT), names);
        return VerdictAction.valueOf(v.toUpperCase(Locale.ROOT));
    }

    static ListenAddress listen(Section s, String key, String def) {
        Object v = s.leaf(key);
        String text = v == null ? def : v instanceof String str ? str.strip() : null;
        String expected = "inet:HOST:PORT or unix:/path";
        if (text != null && text.startsWith("unix:")) {
            String p = text.substring(5);
            if (p.startsWith("/") && p.length() > 1 && !p.contains("\0")) {
                return new ListenAddress.Unix(Path.of(p));
            }
        } else if (text != null && text.startsWith("inet:")) {
            ListenAddress.Inet inet = parseHostPort(text.substring(5));
            if (inet != null) {
                return inet;
            }
        }
        throw ConfigLoader.bad(s.path(key), v, expected);
    }

    static ListenAddress.Inet hostPort(Section s, String key, String def) {
        ListenAddress.Inet v = optionalHostPort(s, key);
        return v != null ? v : parseHostPort(def);
    }

    static ListenAddress.Inet optionalHostPort(Section s, String key) {
        Object v = s.leaf(key);
        if (v == null) {
            return null;
        }
        ListenAddress.Inet inet = v instanceof String str ? parseHostPort(str.strip()) : null;
        if (inet == null) {
            throw ConfigLoader.bad(s.path(key), v, "HOST:PORT, e.g. 127.0.0.1:8025 or [::1]:8025");
        }
        return inet;
    }

    /** HOST:PORT or [IPV6]:PORT; null when malformed. */
    static ListenAddress.Inet parseHostPort(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                return null;
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
            if (!IPV6.matcher(host.toLowerCase(Locale.ROOT)).matches()) {
                return null;
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                return null;
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (!isHost(host)) {
                return null;
            }
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            return null;
        }
        return new ListenAddress.Inet(host.toLowerCase(Locale.ROOT), Integer.parseInt(port));
    }

    static boolean isHost(String h) {
        String l = h.toLowerCase(Locale.ROOT);
        return IPV4.matcher(l).matches() || (l.contains(":") && IPV6.matcher(l).matches())
                || HOST_NAME.matcher(l).matches();
    }

    private static List<Object> rawList(Section s, String key, String expected) {
        Object v = s.leaf(key);
        if (v == null) {
            return List.of();
        }
        List<Object> list = Section.list(v);
        if (list == null) {
            throw ConfigLoader.bad(s.path(key), v, expected);
        }
        return list;
    }

    static List<String> domains(Section s, String key) {
        List<String> out = new ArrayList<>();
        List<Object> list = rawList(s, key, "a list of domain names");
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String d) || !HOST_NAME.matcher(d.strip().toLowerCase(Locale.ROOT)).matches()) {
                throw ConfigLoader.bad(s.path(key) + "[" + i + "]", item, "a domain name");
            }
            out.add(stripDot(d.strip().toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    static List<String> domainOrNull(Section s, String key) {
        Object v = s.leaf(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String d) || !HOST_NAME.matcher(d.strip().toLowerCase(Locale.ROOT)).matches()) {
            throw ConfigLoader.bad(s.path(key), v, "a domain name");
        }
        return List.of(stripDot(d.strip().toLowerCase(Locale.ROOT)));
    }

    /** Host names, IP addresses or IP/prefix networks. */
    static List<String> hosts(Section s, String key) {
        List<String> out = new ArrayList<>();
        List<Object> list = rawList(s, key, "a list of host names, IP addresses or networks");
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String h = item instanceof String str ? str.strip().toLowerCase(Locale.ROOT) : null;
            if (h == null || !(isHost(h) || isNetwork(h))) {
                throw ConfigLoader.bad(s.path(key) + "[" + i + "]", item, "a host name, IP address or IP/prefix");
            }
            out.add(h);
        }
        return out;
    }

    /** IP addresses or IP/prefix networks (no host names: membership must not depend on DNS). */
    static List<String> networks(Section s, String key, List<String> def) {
        if (s.leaf(key) == null) {
            return def;
        }
        List<String> out = new ArrayList<>();
        List<Object> list = rawList(s, key, "a list of IP addresses or networks");
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String h = item instanceof String str ? str.strip().toLowerCase(Locale.ROOT) : null;
            boolean ip = h != null && (IPV4.matcher(h).matches() || (h.contains(":") && IPV6.matcher(h).matches()));
            if (h == null || !(ip || isNetwork(h))) {
                throw ConfigLoader.bad(s.path(key) + "[" + i + "]", item, "an IP address or IP/prefix");
            }
            out.add(h);
        }
        return out;
    }

    private static boolean isNetwork(String h) {
        int slash = h.indexOf('/');
        if (slash < 0 || !h.substring(slash + 1).matches("\\d{1,3}")) {
            return false;
        }
        String ip = h.substring(0, slash);
        int bits = Integer.parseInt(h.substring(slash + 1));
        return IPV4.matcher(ip).matches() ? bits <= 32 : ip.contains(":") && IPV6.matcher(ip).matches() && bits <= 128;
    }

    static String email(Section s, String key) {
        String v = optionalString(s, key);
        if (v == null) {
            return null;
        }
        int at = v.lastIndexOf('@');
        if (at <= 0 || !LOCAL_PART.matcher(v.substring(0, at)).matches()
                || !HOST_NAME.matcher(v.substring(at + 1).toLowerCase(Locale.ROOT)).matches()) {
            throw ConfigLoader.bad(s.path(key), v, "an address local@domain");
        }
        return v;
    }

    static String url(Section s, String key) {
        String v = optionalString(s, key);
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return v;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ConfigLoader.bad(s.path(key), MaskedView.maskUrl(v), "an http:// or https:// URL");
    }

    static Path absolutePath(Section s, String key, String def) {
        String v = string(s, key, def);
        if (!v.startsWith("/") || v.contains("\0")) {
            throw ConfigLoader.bad(s.path(key), v, "an absolute path");
        }
        return Path.of(v);
    }

    private static String stripDot(String d) {
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}
