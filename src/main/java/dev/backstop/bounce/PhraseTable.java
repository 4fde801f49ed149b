package dev.backstop.bounce;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The phrases that name each reason, loaded once from {@code reason-phrases.txt}. A phrase is a substring,
 * or pieces that must occur in order ("a ... b"). Matching is plain {@code indexOf} on lower-case text.
 */
final class PhraseTable {
    private static final PhraseTable INSTANCE = load("reason-phrases.txt");

    private final Map<Reason, String[][]> phrases;
    /** Wordings that settle the reason whatever the status code or command stage say (see the file). */
    private final Map<Reason, String[][]> sure;

    private PhraseTable(Map<Reason, String[][]> phrases, Map<Reason, String[][]> sure) {
        this.phrases = phrases;
        this.sure = sure;
    }

    static PhraseTable get() {
        return INSTANCE;
    }

    /** Does the lower-case text contain one of the phrases of this reason? */
    boolean matches(Reason reason, String lower) {
        String[][] list = phrases.get(reason);
        if (list == null || lower.isEmpty()) {
            return false;
        }
        for (String[] pieces : list) {
            if (contains(lower, pieces)) {
                return true;
            }
        }
        return false;
    }

    /** Every reason whose phrases occur in the lower-case text, found in one pass over the table. */
    java.util.Set<Reason> matchingReasons(String lower) {
        java.util.EnumSet<Reason> out = java.util.EnumSet.noneOf(Reason.class);
        if (lower.isEmpty()) {
            return out;
        }
        for (Map.Entry<Reason, String[][]> e : phrases.entrySet()) {
            for (String[] pieces : e.getValue()) {
                if (contains(lower, pieces)) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }

    /** The reason of the first "sure" phrase in the lower-case text, or null. */
    Reason sureReason(String lower) {
        if (lower.isEmpty()) {
            return null;
        }
        for (Map.Entry<Reason, String[][]> e : sure.entrySet()) {
            for (String[] pieces : e.getValue()) {
                if (contains(lower, pieces)) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    static boolean contains(String text, String[] pieces) {
        int at = 0;
        for (String p : pieces) {
            int i = text.indexOf(p, at);
            if (i < 0) {
                return false;
            }
            at = i + p.length();
        }
        return true;
    }

    private static PhraseTable load(String resource) {
        Map<Reason, List<String[]>> tmp = new EnumMap<>(Reason.class);
        Map<Reason, List<String[]>> sureTmp = new LinkedHashMap<>();
        try (InputStream in = PhraseTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Reason current = null;
            boolean isSure = false;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    String label = line.substring(1, line.length() - 1).trim();
                    isSure = label.startsWith("sure ");
                    current = Reason.fromLabel(isSure ? label.substring(5) : label);
                    continue;
                }
                if (current == null) {
                    throw new IllegalStateException(resource + ": phrase before any [reason]: " + line);
                }
                (isSure ? sureTmp : tmp).computeIfAbsent(current, k -> new ArrayList<>())
                        .add(split(line.toLowerCase(Locale.ROOT)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Reason, String[][]> out = new EnumMap<>(Reason.class);
        tmp.forEach((k, v) -> out.put(k, v.toArray(new String[0][])));
        Map<Reason, String[][]> sureOut = new LinkedHashMap<>();
        sureTmp.forEach((k, v) -> sureOut.put(k, v.toArray(new String[0][])));
        return new PhraseTable(out, sureOut);
    }

    /** Splits "a ... b" into its pieces, dropping the one space on each side of the dots. */
    static String[] split(String line) {
        if (!line.contains("...")) {
            return new String[] {line};
        }
        String[] parts = line.split("\\.\\.\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i > 0 && p.startsWith(" ")) {
                p = p.substring(1);
            }
            if (i < parts.length - 1 && p.endsWith(" ")) {
                p = p.substring(0, p.length() - 1);
            }
            parts[i] = p;
        }
        return parts;
    }
}
