package dev.backstop.outbound;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The counters of one source; a few hundred bytes, growing only for sources that write to many addresses. */
final class SourceCounters {
    static final int MESSAGES = 0;
    static final int RECIPIENTS = 1;
    static final int SENT = 2;
    static final int DEFERRED = 3;
    static final int BOUNCED = 4;
    private static final int FINGERPRINT_SLOTS = 4;

    private final WindowRing oneMinute = new WindowRing(6, 10_000, 2);
    private final WindowRing tenMinutes = new WindowRing(10, 60_000, 2);
    private final WindowRing oneHour = new WindowRing(6, 600_000, 5);
    private final RecentSet recipients;
    private final RecentSet domains;
    private final int contentCap;
    private long[] fingerprints; // lazily: most sources never repeat anything
    private int[] fingerprintUsed;
    private RecentSet[] fingerprintRecipients;
    private final long firstSeen;
    private long lastSeen;
    private long total;

    SourceCounters(long nowMillis, int distinctCap, int contentCap) {
        this.recipients = new RecentSet(distinctCap);
        this.domains = new RecentSet(distinctCap);
        this.contentCap = contentCap;
        this.firstSeen = nowMillis;
        this.lastSeen = nowMillis;
    }

    void message(long now, int nowSec, List<String> rcpts, long fingerprint) {
        lastSeen = Math.max(lastSeen, now);
        total++;
        oneMinute.add(now, MESSAGES, 1);
        tenMinutes.add(now, MESSAGES, 1);
        oneHour.add(now, MESSAGES, 1);
        oneMinute.add(now, RECIPIENTS, rcpts.size());
        tenMinutes.add(now, RECIPIENTS, rcpts.size());
        oneHour.add(now, RECIPIENTS, rcpts.size());
        RecentSet sameContent = contentSet(fingerprint, nowSec);
        for (String r : rcpts) {
            String key = r.toLowerCase(Locale.ROOT);
            int h = mix(key.hashCode());
            recipients.add(h, nowSec);
            sameContent.add(h, nowSec);
            int at = key.lastIndexOf('@');
            domains.add(mix(key.substring(at + 1).hashCode()), nowSec);
        }
    }

    void delivery(long now, DeliveryOutcome outcome) {
        lastSeen = Math.max(lastSeen, now);
        int metric = switch (outcome) {
            case SENT -> SENT;
            case DEFERRED -> DEFERRED;
            case BOUNCED -> BOUNCED;
        };
        oneHour.add(now, metric, 1);
    }

    private RecentSet contentSet(long fingerprint, int nowSec) {
        if (fingerprints == null) {
            // one slot first: most sources send one message, or one kind of message
            fingerprints = new long[1];
            fingerprintUsed = new int[1];
            fingerprintRecipients = new RecentSet[1];
        }
        int victim = 0;
        for (int i = 0; i < fingerprints.length; i++) {
            if (fingerprintRecipients[i] == null || fingerprints[i] == fingerprint) {
                if (fingerprintRecipients[i] == null) {
                    fingerprints[i] = fingerprint;
                    fingerprintRecipients[i] = new RecentSet(contentCap);
                }
                fingerprintUsed[i] = nowSec;
                return fingerprintRecipients[i];
            }
            if (fingerprintUsed[i] < fingerprintUsed[victim]) {
                victim = i;
            }
        }
        if (fingerprints.length < FINGERPRINT_SLOTS) {
            int i = fingerprints.length;
            fingerprints = java.util.Arrays.copyOf(fingerprints, i + 1);
            fingerprintUsed = java.util.Arrays.copyOf(fingerprintUsed, i + 1);
            fingerprintRecipients = java.util.Arrays.copyOf(fingerprintRecipients, i + 1);
            fingerprints[i] = fingerprint;
            fingerprintUsed[i] = nowSec;
            return fingerprintRecipients[i] = new RecentSet(contentCap);
        }
        // the least recently used template makes room: a template in active use keeps refreshing its own slot
        fingerprints[victim] = fingerprint;
        fingerprintUsed[victim] = nowSec;
        fingerprintRecipients[victim].clear();
        return fingerprintRecipients[victim];
    }

    SourceStats stats(String source, long now, int nowSec) {
        long since10m = nowSec - 600L;
        long since1h = nowSec - 3600L;
        long repeated = 0;
        if (fingerprintRecipients != null) {
            for (RecentSet s : fingerprintRecipients) {
                if (s != null) {
                    repeated = Math.max(repeated, s.countSince((int) since10m));
                }
            }
        }
        return new SourceStats(source, Instant.ofEpochMilli(firstSeen), Instant.ofEpochMilli(lastSeen), total,
                oneMinute.sum(now, MESSAGES), tenMinutes.sum(now, MESSAGES), oneHour.sum(now, MESSAGES),
                tenMinutes.sum(now, RECIPIENTS), oneHour.sum(now, RECIPIENTS),
                recipients.countSince((int) since10m), recipients.countSince((int) since1h),
                domains.countSince((int) since1h), repeated,
                oneHour.sum(now, SENT), oneHour.sum(now, DEFERRED), oneHour.sum(now, BOUNCED),
                now - firstSeen < 3_600_000L, false, false);
    }

    long lastSeen() {
        return lastSeen;
    }

    long sizeBytes() {
        long n = 64 + oneMinute.sizeBytes() + tenMinutes.sizeBytes() + oneHour.sizeBytes() + recipients.sizeBytes()
                + domains.sizeBytes();
        if (fingerprintRecipients != null) {
            n += 3 * 16 + fingerprints.length * 16L;
            for (RecentSet s : fingerprintRecipients) {
                n += s == null ? 0 : s.sizeBytes();
            }
        }
        return n;
    }

    /** Spreads String.hashCode's bits (murmur3's finaliser), so similar addresses do not collide in the sets. */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
