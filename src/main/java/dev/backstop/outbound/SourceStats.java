package dev.backstop.outbound;

import java.time.Instant;

/**
 * The signals of one source at one moment. Windows: 1 min (6 buckets of 10 s), 10 min (10 of 1 min), 1 h (6 of
 * 10 min); a count is exact to within one bucket. Distinct counts are exact up to a cap (see the policy) and
 * read "at least" there. {@code repeatedContent10m} is the largest number of distinct recipients that got one
 * content fingerprint in 10 minutes. Failures are delivery outcomes reported for the source in the last hour.
 *
 * @param newSource true when this source's first message (since the daemon started tracking it) was less than
 *                  an hour ago
 */
public record SourceStats(String source, Instant firstSeen, Instant lastSeen, long total,
                          long messages1m, long messages10m, long messages1h,
                          long recipients10m, long recipients1h,
                          long distinctRecipients10m, long distinctRecipients1h, long distinctDomains1h,
                          long repeatedContent10m,
                          long sent1h, long deferred1h, long bounced1h,
                          boolean newSource, boolean frozen, boolean allowed) {

    /** Deferred and bounced over all outcomes in the last hour; 0 without outcomes. */
    public double failureRatio() {
        long all = sent1h + deferred1h + bounced1h;
        return all == 0 ? 0 : (double) (deferred1h + bounced1h) / all;
    }

    public long outcomes1h() {
        return sent1h + deferred1h + bounced1h;
    }

    SourceStats marked(boolean isFrozen, boolean isAllowed) {
        return new SourceStats(source, firstSeen, lastSeen, total, messages1m, messages10m, messages1h, recipients10m,
                recipients1h, distinctRecipients10m, distinctRecipients1h, distinctDomains1h, repeatedContent10m,
                sent1h, deferred1h, bounced1h, newSource, isFrozen, isAllowed);
    }
}
