package dev.backstop.outbound;

/**
 * When a source is contained, and what happens to its mail then. A threshold of 0 is off; a source is
 * contained when any count is strictly greater than its threshold, or when at least {@code failureMinVolume}
 * delivery outcomes in the last hour were deferred or bounced at a ratio of {@code failureRatio} or more.
 *
 * @param action what its mail gets once contained: {@link ContainmentAction#HOLD} (default),
 *               {@link ContainmentAction#TEMPFAIL} or {@link ContainmentAction#REJECT}
 */
public record Thresholds(long messages1m, long messages10m, long messages1h, long recipients10m, long recipients1h,
                         long distinctRecipients10m, long distinctRecipients1h, long distinctDomains1h,
                         long repeatedContent10m, double failureRatio, long failureMinVolume,
                         ContainmentAction action) {

    /** The first threshold {@code s} crosses, as {@code key value > limit}, or null when none. */
    String crossed(SourceStats s, double factor) {
        String r;
        if ((r = over("distinct_recipients_10m", s.distinctRecipients10m(), distinctRecipients10m, factor)) != null
                || (r = over("repeated_content_10m", s.repeatedContent10m(), repeatedContent10m, factor)) != null
                || (r = over("messages_1m", s.messages1m(), messages1m, factor)) != null
                || (r = over("messages_10m", s.messages10m(), messages10m, factor)) != null
                || (r = over("messages_1h", s.messages1h(), messages1h, factor)) != null
                || (r = over("recipients_10m", s.recipients10m(), recipients10m, factor)) != null
                || (r = over("recipients_1h", s.recipients1h(), recipients1h, factor)) != null
                || (r = over("distinct_recipients_1h", s.distinctRecipients1h(), distinctRecipients1h, factor)) != null
                || (r = over("distinct_domains_1h", s.distinctDomains1h(), distinctDomains1h, factor)) != null) {
            return r;
        }
        if (failureRatio > 0 && failureMinVolume > 0 && s.outcomes1h() >= failureMinVolume
                && s.failureRatio() >= failureRatio) {
            return String.format(java.util.Locale.ROOT, "failure_ratio %.2f >= %.2f (%d deferred, %d bounced of %d)",
                    s.failureRatio(), failureRatio, s.deferred1h(), s.bounced1h(), s.outcomes1h());
        }
        return null;
    }

    private static String over(String key, long value, long limit, double factor) {
        if (limit <= 0) {
            return null;
        }
        long effective = Math.max(1, (long) Math.floor(limit * factor));
        return value > effective ? key + " " + value + " > " + effective : null;
    }

    /** The largest distinct-count threshold, so the counters keep enough distinct values to see it crossed. */
    long largestDistinct() {
        return Math.max(Math.max(distinctRecipients10m, distinctRecipients1h), distinctDomains1h);
    }
}
