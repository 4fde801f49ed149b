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
    /** The first piece of every phrase, {@link #phrases} then {@link #sure}, in their iteration order. */
    private final PhraseIndex index;
    /** Per phrase of the index: its reason and its pieces; the first {@link #plainCount} are {@link #phrases}. */
    private final Reason[] reasonOf;
    private final String[][] piecesOf;
    private int plainCount;

    private PhraseTable(Map<Reason, String[][]> phrases, Map<Reason, String[][]> sure) {
        this.phrases = phrases;
        this.sure = sure;
        List<String> firsts = new ArrayList<>();
        List<Reason> reasons = new ArrayList<>();
        List<String[]> all = new ArrayList<>();
        for (Map<Reason, String[][]> m : List.of(phrases, sure)) {
            for (Map.Entry<Reason, String[][]> e : m.entrySet()) {
                for (String[] pieces : e.getValue()) {
                    firsts.add(pieces[0]);
                    reasons.add(e.getKey());
                    all.add(pieces);
                }
            }
            if (m == phrases) {
                plainCount = firsts.size();
            }
        }
        this.index = new PhraseIndex(firsts);
        this.reasonOf = reasons.toArray(new Reason[0]);
        this.piecesOf = all.toArray(new String[0][]);
    }

    static PhraseTable get() {
        return INSTANCE;
    }

    /** Where the phrases of the table occur in one lower-case text: one pass, asked as often as needed. */
    final class Hits {
        private final String lower;
        private final int[] first;

        private Hits(String lower) {
            this.lower = lower;
            this.first = lower.isEmpty() ? null : index.firstStarts(lower);
        }

        /** Every reason whose phrases occur in the text. */
        java.util.Set<Reason> reasons() {
            java.util.EnumSet<Reason> out = java.util.EnumSet.noneOf(Reason.class);
            if (first == null) {
                return out;
            }
            // flat arrays, not the map: most phrases are absent, and that is one int test each
            for (int id = 0; id < plainCount; id++) {
                if (first[id] != 0 && !out.contains(reasonOf[id]) && has(id, piecesOf[id])) {
                    out.add(reasonOf[id]);
                }
            }
            return out;
        }

        /** The reason of the first "sure" phrase in the text, or null. */
        Reason sureReason() {
            if (first == null) {
                return null;
            }
            for (int id = plainCount; id < piecesOf.length; id++) {
                if (first[id] != 0 && has(id, piecesOf[id])) {
                    return reasonOf[id];
                }
            }
            return null;
        }

        /** Whether phrase {@code id} occurs: its first piece from the index, the rest in order after it. */
        private boolean has(int id, String[] pieces) {
            int start = first[id] - 1;
            if (start < 0) {
                return false;
            }
            int at = start + pieces[0].length();
            for (int i = 1; i < pieces.length; i++) {
                int j = lower.indexOf(pieces[i], at);
                if (j < 0) {
                    return false;
                }
                at = j + pieces[i].length();
            }
            return true;
        }
    }

    /** Scans one lower-case text for every phrase of the table. */
    Hits scan(String lower) {
        return new Hits(lower);
    }

    /** Every reason whose phrases occur in the lower-case text. */
    java.util.Set<Reason> matchingReasons(String lower) {
        return scan(lower).reasons();
    }

    /** The reason of the first "sure" phrase in the lower-case text, or null. */
    Reason sureReason(String lower) {
        return scan(lower).sureReason();
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
        Sections plain = new Sections();
        Sections sure = new Sections();
        try (InputStream in = PhraseTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Sections current = null;
            String line;
            while ((line = r.readLine()) != null) {
                current = read(resource, line, current, plain, sure);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PhraseTable(plain.done(new EnumMap<>(Reason.class)), sure.done(new LinkedHashMap<>()));
    }

    /**
     * Takes one line of the file: a phrase goes to the current section, a {@code [reason]} line starts one.
     * Returns the section phrases go to now. A method per line, not a loop body: it runs once per process, and
     * so it is compiled after a few dozen lines instead of interpreted to the end.
     */
    private static Sections read(String resource, String line, Sections current, Sections plain, Sections sure) {
        if (line.isBlank() || line.startsWith("#")) {
            return current;
        }
        if (line.startsWith("[") && line.endsWith("]")) {
            String label = line.substring(1, line.length() - 1).trim();
            boolean isSure = label.startsWith("sure ");
            Sections to = isSure ? sure : plain;
            to.start(Reason.fromLabel(isSure ? label.substring(5) : label));
            return to;
        }
        if (current == null) {
            throw new IllegalStateException(resource + ": phrase before any [reason]: " + line);
        }
        current.add(split(line.toLowerCase(Locale.ROOT)));
        return current;
    }

    /**
     * Phrases by reason, the reasons in the order their first phrase appears (a reason may have several
     * sections; one without phrases adds nothing).
     */
    private static final class Sections {
        private final Map<Reason, List<String[]>> byReason = new LinkedHashMap<>();
        private Reason current;

        void start(Reason reason) {
            current = reason;
        }

        void add(String[] pieces) {
            List<String[]> list = byReason.get(current);
            if (list == null) {
                list = new ArrayList<>();
                byReason.put(current, list);
            }
            list.add(pieces);
        }

        Map<Reason, String[][]> done(Map<Reason, String[][]> out) {
            for (Map.Entry<Reason, List<String[]>> e : byReason.entrySet()) {
                out.put(e.getKey(), e.getValue().toArray(new String[0][]));
            }
            return out;
        }
    }

    /** Splits "a ... b" into its pieces, dropping the one space on each side of the dots. */
    static String[] split(String line) {
        int dots = line.indexOf("...");
        if (dots < 0) {
            return new String[] {line};
        }
        List<String> parts = new ArrayList<>();
        int from = 0;
        while (dots >= 0) {
            parts.add(line.substring(from, dots));
            from = dots + 3;
            dots = line.indexOf("...", from);
        }
        parts.add(line.substring(from));
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (i > 0 && p.startsWith(" ")) {
                p = p.substring(1);
            }
            if (i < parts.size() - 1 && p.endsWith(" ")) {
                p = p.substring(0, p.length() - 1);
            }
            parts.set(i, p);
        }
        return parts.toArray(new String[0]);
    }
}
