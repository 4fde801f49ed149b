package dev.backstop.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Dns} fed from a table, for unit tests: names present with other types answer NO_DATA, absent names
 * NXDOMAIN, names marked {@link #timeout}/{@link #servfail} fail. Counts queries so tests can check limits.
 */
public final class InMemoryDns implements Dns {
    private final Map<String, List<Object>> records = new HashMap<>();
    private final Set<String> timeouts = new HashSet<>();
    private final Set<String> failures = new HashSet<>();
    private final List<String> queries = new ArrayList<>();

    private static String key(String type, String name) {
        return type + " " + DnsNames.normalize(name);
    }

    public InMemoryDns txt(String name, String... values) {
        for (String v : values) {
            add("TXT", name, v);
        }
        return this;
    }

    public InMemoryDns a(String name, String... addresses) {
        for (String a : addresses) {
            InetAddress address = IpLiteral.parse(a).orElseThrow();
            add(address instanceof java.net.Inet6Address ? "AAAA" : "A", name, address);
        }
        return this;
    }

    public InMemoryDns mx(String name, int preference, String host) {
        add("MX", name, new MxHost(preference, host));
        return this;
    }

    public InMemoryDns ptr(String address, String... names) {
        String reverse = IpLiteral.reverseName(IpLiteral.parse(address).orElseThrow());
        for (String n : names) {
            add("PTR", reverse, DnsNames.normalize(n));
        }
        return this;
    }

    /** Every query for this name (any type) times out. */
    public InMemoryDns timeout(String name) {
        timeouts.add(DnsNames.normalize(name));
        return this;
    }

    /** Every query for this name (any type) answers SERVFAIL. */
    public InMemoryDns servfail(String name) {
        failures.add(DnsNames.normalize(name));
        return this;
    }

    private void add(String type, String name, Object value) {
        records.computeIfAbsent(key(type, name), k -> new ArrayList<>()).add(value);
        records.computeIfAbsent("NAME " + DnsNames.normalize(name), k -> new ArrayList<>());
    }

    public List<String> queries() {
        return List.copyOf(queries);
    }

    @SuppressWarnings("unchecked")
    private <T> Lookup<T> answer(String type, String name) {
        String n = DnsNames.normalize(name);
        queries.add(type + " " + n);
        if (timeouts.contains(n)) {
            return Lookup.timeout("test timeout");
        }
        if (failures.contains(n)) {
            return Lookup.failure("SERVFAIL");
        }
        List<Object> values = records.get(key(type, n));
        if (values != null) {
            return Lookup.found((List<T>) (List<?>) values);
        }
        // A name exists when it has any record, or when a longer name below it does (an empty non-terminal).
        for (String k : records.keySet()) {
            String owner = k.substring(k.indexOf(' ') + 1);
            if (owner.equals(n) || owner.endsWith("." + n)) {
                return Lookup.noData();
            }
        }
        return Lookup.nxdomain();
    }

    @Override
    public Lookup<String> txt(String name) {
        return answer("TXT", name);
    }

    @Override
    public Lookup<InetAddress> a(String name) {
        return answer("A", name);
    }

    @Override
    public Lookup<InetAddress> aaaa(String name) {
        return answer("AAAA", name);
    }

    @Override
    public Lookup<MxHost> mx(String name) {
        return answer("MX", name);
    }

    @Override
    public Lookup<String> ptr(InetAddress address) {
        return answer("PTR", IpLiteral.reverseName(address));
    }
}
