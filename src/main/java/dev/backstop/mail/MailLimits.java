package dev.backstop.mail;

/**
 * Hard limits for reading one message. Hostile input meets one of these and is cut short with a defect
 * instead of exhausting memory or time.
 *
 * @param maxBytes        bytes of the raw message that are read at all; the rest is ignored
 * @param maxLineLength   longest line mime4j accepts before it records a defect
 * @param maxHeaderCount  header fields per entity
 * @param maxHeaderLength bytes of one (folded) header field
 * @param maxDepth        MIME nesting depth; deeper entities are kept as opaque bodies
 * @param maxParts        entities recorded in the tree; later ones are skipped
 * @param maxTextPerPart  decoded characters kept per text part
 * @param maxTextTotal    decoded characters kept over the whole message
 * @param maxDefects      defects recorded; later ones are counted only
 */
public record MailLimits(
        int maxBytes,
        int maxLineLength,
        int maxHeaderCount,
        int maxHeaderLength,
        int maxDepth,
        int maxParts,
        int maxTextPerPart,
        int maxTextTotal,
        int maxDefects) {

    /** Generous for real bounces (which are small), tight enough for a 256 MB heap. */
    public static final MailLimits DEFAULTS =
            new MailLimits(16 << 20, 100_000, 1_000, 64 << 10, 24, 500, 256 << 10, 1 << 20, 50);

    public MailLimits {
        positive("maxBytes", maxBytes);
        positive("maxLineLength", maxLineLength);
        positive("maxHeaderCount", maxHeaderCount);
        positive("maxHeaderLength", maxHeaderLength);
        positive("maxDepth", maxDepth);
        positive("maxParts", maxParts);
        positive("maxTextPerPart", maxTextPerPart);
        positive("maxTextTotal", maxTextTotal);
        positive("maxDefects", maxDefects);
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }
}
