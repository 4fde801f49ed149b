package dev.backstop.milter;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The macros of one milter connection, kept per stage as libmilter does: a new SMFIC_MACRO for a stage
 * replaces that stage's values, a new message (MAIL macros) or an abort forgets the message stages, and a
 * lookup prefers the latest stage. Names are stored without braces.
 */
final class MacroTable {
    /** Stages in the order they happen in an SMTP session (EOH comes before EOM, unlike the SMFIM numbers). */
    private static final MacroStage[] TIME_ORDER = {
        MacroStage.CONNECT, MacroStage.HELO, MacroStage.ENVFROM, MacroStage.ENVRCPT, MacroStage.DATA,
        MacroStage.EOH, MacroStage.EOM
    };

    private final Map<MacroStage, Map<String, String>> stages = new HashMap<>();

    void put(MacroStage stage, Map<String, String> values) {
        if (stage == MacroStage.ENVFROM) {
            clearMessage();
        }
        Map<String, String> m = new HashMap<>(values.size() * 2);
        values.forEach((k, v) -> m.put(normalise(k), v));
        stages.put(stage, m);
    }

    /** Forgets everything from MAIL on, at the end of a message or on abort. */
    void clearMessage() {
        for (int i = 2; i < TIME_ORDER.length; i++) {
            stages.remove(TIME_ORDER[i]);
        }
    }

    void clear() {
        stages.clear();
    }

    Optional<String> get(String name) {
        String key = normalise(name);
        for (int i = TIME_ORDER.length - 1; i >= 0; i--) {
            Map<String, String> m = stages.get(TIME_ORDER[i]);
            if (m != null) {
                String v = m.get(key);
                if (v != null) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    Map<String, String> all() {
        Map<String, String> out = new LinkedHashMap<>();
        for (MacroStage s : TIME_ORDER) {
            Map<String, String> m = stages.get(s);
            if (m != null) {
                out.putAll(m);
            }
        }
        return out;
    }

    static String normalise(String name) {
        if (name.length() >= 2 && name.charAt(0) == '{' && name.charAt(name.length() - 1) == '}') {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }
}
