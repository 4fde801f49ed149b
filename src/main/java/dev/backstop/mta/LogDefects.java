package dev.backstop.mta;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Lines a parser could not use, counted without limit and kept (the most recent few, each cut short) so an admin
 * can see what went wrong. Hostile or broken logs cost a counter, never an exception or unbounded memory.
 * Thread-safe: the tailer thread adds, the web or CLI reads.
 */
public final class LogDefects {

    /** Longest excerpt of a bad line that is kept. */
    public static final int EXCERPT = 200;

    /** One unusable line: why, and its first {@value #EXCERPT} characters with control characters replaced. */
    public record Defect(String reason, String excerpt) {}

    private final int keep;
    private final Deque<Defect> recent = new ArrayDeque<>();
    private long count;

    public LogDefects(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("defects to keep must be >= 0, was " + keep);
        }
        this.keep = keep;
    }

    synchronized void add(String reason, CharSequence line) {
        count++;
        if (keep == 0) {
            return;
        }
        if (recent.size() == keep) {
            recent.removeFirst();
        }
        recent.addLast(new Defect(reason, excerpt(line)));
    }

    /** Every defect seen so far. */
    public synchronized long count() {
        return count;
    }

    /** The most recent defects, oldest first. */
    public synchronized List<Defect> recent() {
        return new ArrayList<>(recent);
    }

    static String excerpt(CharSequence line) {
        int n = Math.min(line.length(), EXCERPT);
        StringBuilder b = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (line.length() > EXCERPT) {
            b.append("...");
        }
        return b.toString();
    }
}
