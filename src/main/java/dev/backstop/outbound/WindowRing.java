package dev.backstop.outbound;

/**
 * Counts over one sliding window as a ring of buckets: the window is {@code buckets * bucketMillis} long and
 * slides by one bucket, so a count is exact to within one bucket's width. Several metrics share one ring.
 * Not thread-safe (the tracker locks).
 */
final class WindowRing {
    private final long bucketMillis;
    private final int buckets;
    private final int metrics;
    private final int[] counts;
    /** The bucket number (time / bucketMillis) each slot holds, so a stale slot is recognised and reset. */
    private final long[] slotBucket;

    WindowRing(int buckets, long bucketMillis, int metrics) {
        this.buckets = buckets;
        this.bucketMillis = bucketMillis;
        this.metrics = metrics;
        this.counts = new int[buckets * metrics];
        this.slotBucket = new long[buckets];
        java.util.Arrays.fill(slotBucket, Long.MIN_VALUE);
    }

    long windowMillis() {
        return buckets * bucketMillis;
    }

    void add(long nowMillis, int metric, int n) {
        long b = Math.floorDiv(nowMillis, bucketMillis);
        int slot = (int) Math.floorMod(b, (long) buckets);
        if (slotBucket[slot] != b) {
            slotBucket[slot] = b;
            for (int m = 0; m < metrics; m++) {
                counts[slot * metrics + m] = 0;
            }
        }
        int i = slot * metrics + metric;
        counts[i] = (int) Math.min(Integer.MAX_VALUE, (long) counts[i] + n);
    }

    long sum(long nowMillis, int metric) {
        long b = Math.floorDiv(nowMillis, bucketMillis);
        long total = 0;
        for (int slot = 0; slot < buckets; slot++) {
            long age = b - slotBucket[slot];
            if (age >= 0 && age < buckets) {
                total += counts[slot * metrics + metric];
            }
        }
        return total;
    }

    /** Rough retained size in bytes, for the memory bound. */
    long sizeBytes() {
        return 16 + 16 + counts.length * 4L + 16 + slotBucket.length * 8L + 24;
    }
}
