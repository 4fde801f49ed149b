package dev.backstop.bounce;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Finds where each of a fixed set of strings first occurs in a text, in one pass over the text (an
 * Aho-Corasick automaton). The reason table holds some 900 phrases; one {@code indexOf} per phrase per
 * diagnostic was most of the reader's time, and more so before the JIT has compiled {@code indexOf} well.
 * Immutable once built, so one index serves every thread.
 */
final class PhraseIndex {
    private final int[] lengths;
    /** Per state: the characters that lead on, and the states they lead to (most states have one). */
    private final char[][] keys;
    private final int[][] next;
    private final int[] fail;
    /** Per state: the patterns that end there, its own and those of its suffixes; null when none. */
    private final int[][] out;
    private final int[] empty;
    /** Are all patterns lower-case ASCII (so that {@link #firstStartsIgnoreCase} may fold as it reads)? */
    private final boolean lowerAscii;
    /**
     * The automaton for ASCII text as a table: per state, one entry per character class, the state reading a
     * character of that class leads to with failure links already followed, so that reading a character is
     * one array load (a few megabytes for the reason table). It replaced tables for the root and the
     * branchiest states only, with failure walks elsewhere.
     */
    private final int[] delta;
    /** The class of each ASCII character: 0 for those in no pattern (they lead back to the root). */
    private final int[] classOf = new int[128];
    /** Entries per state in {@link #delta}. */
    private final int width;

    PhraseIndex(List<String> patterns) {
        lengths = new int[patterns.size()];
        boolean ascii = true;
        for (String p : patterns) {
            for (int i = 0; i < p.length(); i++) {
                ascii &= p.charAt(i) < 128 && !(p.charAt(i) >= 'A' && p.charAt(i) <= 'Z');
            }
        }
        lowerAscii = ascii;
        int capacity = 1;
        for (String p : patterns) {
            capacity += p.length();
        }
        char[][] k = new char[capacity][];
        int[][] n = new int[capacity][];
        int[][] own = new int[capacity][];
        int states = 1;
        int[] emptyIds = new int[0];
        int classes = 1;
        for (int id = 0; id < patterns.size(); id++) {
            String p = patterns.get(id);
            lengths[id] = p.length();
            if (p.isEmpty()) {
                emptyIds = append(emptyIds, id);
                continue;
            }
            int s = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < 128 && classOf[c] == 0) {
                    classOf[c] = classes++;
                }
                int t = find(k[s], n[s], c);
                if (t < 0) {
                    t = states++;
                    k[s] = k[s] == null ? new char[] {c} : append(k[s], c);
                    n[s] = append(n[s] == null ? new int[0] : n[s], t);
                }
                s = t;
            }
            own[s] = append(own[s] == null ? new int[0] : own[s], id);
        }
        empty = emptyIds;
        keys = Arrays.copyOf(k, states);
        next = Arrays.copyOf(n, states);
        fail = new int[states];
        out = new int[states][];
        width = classes;
        delta = new int[states * width];
        // breadth first, so that a state's failure target (shallower) is complete before the state itself: its
        // outputs, and its row of the table, which is the failure target's row with the state's own moves on it
        int[] queue = new int[states];
        int head = 0;
        int tail = 0;
        queue[tail++] = 0;
        while (head < tail) {
            int s = queue[head++];
            if (s != 0) {
                int[] inherited = out[fail[s]];
                out[s] = own[s] == null ? inherited
                        : inherited == null ? own[s] : concat(own[s], inherited);
                System.arraycopy(delta, fail[s] * width, delta, s * width, width);
            }
            if (keys[s] == null) {
                continue;
            }
            for (int i = 0; i < keys[s].length; i++) {
                char c = keys[s][i];
                int t = next[s][i];
                if (c < 128) {
                    delta[s * width + classOf[c]] = t;
                }
                int f = fail[s];
                int to = -1;
                if (s != 0) {
                    while ((to = step(f, c)) < 0 && f != 0) {
                        f = fail[f];
                    }
                }
                fail[t] = to < 0 || to == t ? 0 : to;
                queue[tail++] = t;
            }
        }
    }

    /**
     * For each pattern, one more than the index of its first occurrence in {@code text}, or 0 where it does
     * not occur (so that a fresh array needs no filling).
     */
    int[] firstStarts(String text) {
        // walked as an array: String.charAt costs about twice an array read in C1-compiled code
        return firstStarts(text.toCharArray(), text.length(), false);
    }

    /**
     * {@link #firstStarts} of {@code text.substring(0, limit).toLowerCase(Locale.ROOT)}, without making that
     * copy: each character is folded as it is read. That folding is exact for patterns of lower-case ASCII
     * (the only characters outside ASCII that lower-case into it are U+212A KELVIN SIGN and U+0130, which
     * lower-cases to two characters; text with the latter takes the copying way).
     */
    int[] firstStartsIgnoreCase(String text, int limit) {
        int n = Math.min(limit, text.length());
        int[] first = null;
        if (lowerAscii) {
            char[] chars = new char[n];
            text.getChars(0, n, chars, 0);
            first = firstStarts(chars, n, true);
        }
        return first != null ? first : firstStarts(text.substring(0, n).toLowerCase(Locale.ROOT));
    }

    /** Null when folding meets U+0130, whose lower case is two characters. */
    private int[] firstStarts(char[] text, int n, boolean fold) {
        int[] first = new int[lengths.length];
        for (int id : empty) {
            first[id] = 1;
        }
        int s = 0;
        for (int i = 0; i < n; i++) {
            char c = text[i];
            if (fold && c >= 'A') {
                if (c <= 'Z') {
                    c = (char) (c + ('a' - 'A'));
                } else if (c == '\u212a') {
                    c = 'k';
                } else if (c == '\u0130') {
                    return null;
                }
            }
            s = c < 128 ? delta[s * width + classOf[c]] : move(s, c);
            int[] o = out[s];
            if (o != null) {
                for (int id : o) {
                    if (first[id] == 0) {
                        first[id] = i + 2 - lengths[id];
                    }
                }
            }
        }
        return first;
    }

    /** The state after reading {@code c} in state {@code s}, following failure links: for characters outside ASCII. */
    private int move(int s, char c) {
        int t;
        while ((t = step(s, c)) < 0 && s != 0) {
            s = fail[s];
        }
        return t < 0 ? 0 : t;
    }

    private int step(int s, char c) {
        return find(keys[s], next[s], c);
    }

    private static int find(char[] k, int[] n, char c) {
        if (k == null) {
            return -1;
        }
        for (int i = 0; i < k.length; i++) {
            if (k[i] == c) {
                return n[i];
            }
        }
        return -1;
    }

    private static char[] append(char[] a, char c) {
        char[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = c;
        return b;
    }

    private static int[] append(int[] a, int v) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
