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
    private final int[] slotBucket;

    WindowRing(int buckets, long bucketMillis, int metrics) {
        this.buckets = buckets;
        this.bucketMillis = bucketMillis;
        this.metrics = metrics;
        this.counts = new int[buckets * metrics];
        this.slotBucket = new int[buckets];
        java.util.Arrays.fill(slotBucket, Integer.MIN_VALUE);
    }

    long windowMillis() {
        return buckets * bucketMillis;
    }

    void add(long nowMillis, int metric, int n) {
        int b = bucket(nowMillis);
        int slot = Math.floorMod(b, buckets);
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
        long b = bucket(nowMillis);
        long total = 0;
        for (int slot = 0; slot < buckets; slot++) {
            long age = b - slotBucket[slot];
            if (age >= 0 && age < buckets) {
                total += counts[slot * metrics + metric];
            }
        }
        return total;
    }

    /** Bucket numbers fit an int: epoch millis / 10 s is about 1.8e8 now and lasts past the year 2600. */
    private int bucket(long nowMillis) {
        return (int) Math.floorDiv(nowMillis, bucketMillis);
    }

    /** Rough retained size in bytes, for the memory bound. */
    long sizeBytes() {
        return 16 + 16 + counts.length * 4L + 16 + slotBucket.length * 4L + 24;
    }
}
