package dev.backstop.outbound;

/**
 * Distinct values (as 32-bit hashes) with the time each was last seen, so one set answers "how many distinct
 * in the last W" for every window W up to the longest. Holds at most {@code cap} values: a full set evicts the
 * least recently seen one, so a count is exact up to {@code cap} and saturates there (reads "at least cap").
 * Starts with room for 2 and grows on demand, because most sources write to one or two addresses. Linear
 * scans are fine at these sizes (cap is at most a few hundred) and need no per-entry objects.
 */
final class RecentSet {
    private final int cap;
    private int[] hashes = new int[2];
    private int[] seen = new int[2]; // seconds since the tracker's base time
    private int size;

    RecentSet(int cap) {
        this.cap = cap;
    }

    void add(int hash, int nowSec) {
        int oldest = -1;
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash) {
                seen[i] = nowSec;
                return;
            }
            if (oldest < 0 || seen[i] < seen[oldest]) {
                oldest = i;
            }
        }
        if (size == hashes.length && size < cap) {
            int n = Math.min(cap, size * 2);
            hashes = java.util.Arrays.copyOf(hashes, n);
            seen = java.util.Arrays.copyOf(seen, n);
        }
        if (size < hashes.length) {
            hashes[size] = hash;
            seen[size] = nowSec;
            size++;
        } else {
            hashes[oldest] = hash;
            seen[oldest] = nowSec;
        }
    }

    /** Distinct values seen at or after {@code sinceSec}; {@link #cap()} means "at least". */
    int countSince(int sinceSec) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (seen[i] >= sinceSec) {
                n++;
            }
        }
        return n;
    }

    int cap() {
        return cap;
    }

    void clear() {
        hashes = new int[2];
        seen = new int[2];
        size = 0;
    }

    long sizeBytes() {
        return 32 + 2 * (16 + hashes.length * 4L);
    }
}
