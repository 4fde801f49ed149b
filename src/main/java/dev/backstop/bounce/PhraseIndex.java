package dev.backstop.bounce;

import java.nio.charset.StandardCharsets;
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
     * The automaton for Latin-1 text as a table: per state, one entry per character class, for the state
     * reading a character of that class leads to (failure links already followed), so that reading a
     * character is one array load (a few megabytes for the reason table). An entry is that state's row
     * offset (state times {@link #width}), bitwise inverted when patterns end in that state.
     */
    private final int[] delta;
    /** The class of each Latin-1 character: 0 for those in no pattern (they lead back to the root). */
    private final int[] classOf = new int[256];
    /** {@link #classOf} with 'A' to 'Z' taking the class of their lower case: folding as the text is read. */
    private final int[] foldedClassOf = new int[256];
    /** Entries per state in {@link #delta}. */
    private final int width;

    /**
     * Builds the automaton. It is built once per process, before the first message can be read, so its loops
     * call a small method per pattern and per state: such a method is compiled after a few dozen calls, while
     * the body of a single long loop would run interpreted to the end.
     */
    PhraseIndex(List<String> patterns) {
        Trie trie = new Trie(patterns, classOf);
        for (int id = 0; id < patterns.size(); id++) {
            trie.insert(patterns.get(id), id);
        }
        lengths = trie.lengths;
        lowerAscii = trie.lowerAscii;
        empty = trie.emptyIds;
        int states = trie.states;
        keys = Arrays.copyOf(trie.keys, states);
        next = Arrays.copyOf(trie.next, states);
        fail = new int[states];
        out = new int[states][];
        width = trie.classes;
        delta = new int[states * width];
        // breadth first, so that a state's failure target (shallower) is complete before the state itself: its
        // outputs, and its row of the table, which is the failure target's row with the state's own moves on it
        int[] queue = new int[states];
        int tail = 1;
        for (int head = 0; head < tail; head++) {
            tail = link(queue[head], trie.own, queue, tail);
        }
        for (int i = 0; i < delta.length; i++) {
            delta[i] = entry(delta[i]);
        }
        System.arraycopy(classOf, 0, foldedClassOf, 0, 256);
        for (char c = 'A'; c <= 'Z'; c++) {
            foldedClassOf[c] = classOf[c + ('a' - 'A')];
        }
    }

    /** The table entry for state {@code t}: its row offset, inverted when patterns end there. */
    private int entry(int t) {
        return out[t] == null ? t * width : ~(t * width);
    }

    /** Completes state {@code s} (its outputs, failure links of its children, its table row); returns the new tail. */
    private int link(int s, int[][] own, int[] queue, int tail) {
        if (s != 0) {
            int[] inherited = out[fail[s]];
            out[s] = own[s] == null ? inherited : inherited == null ? own[s] : concat(own[s], inherited);
            System.arraycopy(delta, fail[s] * width, delta, s * width, width);
        }
        char[] k = keys[s];
        if (k == null) {
            return tail;
        }
        for (int i = 0; i < k.length; i++) {
            char c = k[i];
            int t = next[s][i];
            if (c < 256) {
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
        return tail;
    }

    /** The patterns as a trie, with the Latin-1 character classes numbered as they are met. */
    private static final class Trie {
        final int[] lengths;
        final int[] classOf;
        final char[][] keys;
        final int[][] next;
        final int[][] own;
        int states = 1;
        int classes = 1;
        int[] emptyIds = new int[0];
        boolean lowerAscii = true;

        Trie(List<String> patterns, int[] classOf) {
            this.classOf = classOf;
            lengths = new int[patterns.size()];
            int capacity = 1;
            for (String p : patterns) {
                capacity += p.length();
            }
            keys = new char[capacity][];
            next = new int[capacity][];
            own = new int[capacity][];
        }

        void insert(String p, int id) {
            lengths[id] = p.length();
            if (p.isEmpty()) {
                emptyIds = append(emptyIds, id);
                return;
            }
            int s = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                lowerAscii &= c < 128 && !(c >= 'A' && c <= 'Z');
                if (c < 256 && classOf[c] == 0) {
                    classOf[c] = classes++;
                }
                int t = find(keys[s], next[s], c);
                if (t < 0) {
                    t = states++;
                    keys[s] = keys[s] == null ? new char[] {c} : append(keys[s], c);
                    next[s] = append(next[s] == null ? new int[0] : next[s], t);
                }
                s = t;
            }
            own[s] = append(own[s] == null ? new int[0] : own[s], id);
        }
    }

    /**
     * For each pattern, one more than the index of its first occurrence in {@code text}, or 0 where it does
     * not occur (so that a fresh array needs no filling).
     */
    int[] firstStarts(String text) {
        return scan(text, text.length(), classOf);
    }

    /**
     * {@link #firstStarts} of {@code text.substring(0, limit).toLowerCase(Locale.ROOT)}, without making that
     * copy: each character is folded as it is read. That folding is exact for patterns of lower-case ASCII
     * (the only characters outside ASCII that lower-case into it are U+212A KELVIN SIGN and U+0130, which
     * lower-cases to two characters; text with the latter takes the copying way).
     */
    int[] firstStartsIgnoreCase(String text, int limit) {
        int n = Math.min(limit, text.length());
        int[] first = lowerAscii ? scan(text, n, foldedClassOf) : null;
        return first != null ? first : firstStarts(text.substring(0, n).toLowerCase(Locale.ROOT));
    }

    /**
     * The first {@code n} characters of {@code text} through the automaton, each classed by {@code classes}.
     * The text is read as its Latin-1 bytes (a copy of a Latin-1 string's own bytes, cheaper than its chars);
     * a character outside Latin-1 comes as '?' there and is then looked up in the string, and characters
     * outside Latin-1 go through the failure links. Null when folding meets U+0130, whose lower case is two
     * characters.
     */
    private int[] scan(String whole, int n, int[] classes) {
        int[] first = new int[lengths.length];
        for (int id : empty) {
            first[id] = 1;
        }
        String text = n < whole.length() ? whole.substring(0, n) : whole; // copy no more than is read
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        // a surrogate pair comes as one '?': then the bytes no longer line up with the chars
        boolean aligned = bytes.length == text.length();
        boolean folding = classes == foldedClassOf;
        int base = 0;
        for (int i = 0; i < n; i++) {
            char c = aligned ? (char) (bytes[i] & 0xff) : text.charAt(i);
            int e;
            if (c != '?' && c < 256) {
                e = delta[base + classes[c]];
            } else {
                char real = text.charAt(i);
                if (real == '?') {
                    e = delta[base + classes[real]];
                } else if (folding && real == '\u0130') {
                    return null;
                } else {
                    int t = move(base / width, folding && real == '\u212a' ? 'k' : real);
                    e = entry(t);
                }
            }
            if (e >= 0) {
                base = e;
            } else {
                base = ~e;
                for (int id : out[base / width]) {
                    if (first[id] == 0) {
                        first[id] = i + 2 - lengths[id];
                    }
                }
            }
        }
        return first;
    }

    /** The state after reading {@code c} in state {@code s}, following failure links: for characters outside Latin-1. */
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
