package dev.backstop.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One YAML mapping being read: remembers which keys were asked for, so that any other key is reported as
 * unknown with its full path, and records every key path asked for (the loader's list of known keys).
 */
final class Section {
    private final String path;
    private final Map<?, ?> map;
    private final Set<String> asked = new LinkedHashSet<>();
    private final List<String> known;

    Section(String path, Map<?, ?> map, List<String> known) {
        this.path = path;
        this.map = map;
        this.known = known;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The raw value of a leaf key, null when absent or written as an empty value. */
    Object leaf(String key) {
        asked.add(key);
        known.add(path(key));
        return map.get(key);
    }

    /** A nested mapping; an absent or empty one reads as all defaults. */
    Section section(String key) {
        asked.add(key);
        Object v = map.get(key);
        if (v != null && !(v instanceof Map)) {
            throw ConfigLoader.bad(path(key), v, "a mapping of keys");
        }
        return new Section(path(key), v == null ? Map.of() : (Map<?, ?>) v, known);
    }

    /** Fails on the first key nobody asked for. */
    void finish() {
        for (Object k : map.keySet()) {
            if (!(k instanceof String s) || !asked.contains(s)) {
                throw new ConfigException(path(String.valueOf(k)) + ": unknown key (known keys"
                        + (path.isEmpty() ? "" : " under " + path) + ": " + String.join(", ", asked) + ")");
            }
        }
    }

    static Map<String, Object> copy(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    static List<Object> list(Object v) {
        return v instanceof List<?> l ? new ArrayList<>(l) : null;
    }
}
