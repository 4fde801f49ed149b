package dev.backstop.bounce;

import java.util.List;

/**
 * What the bounce reader found in one message.
 *
 * @param kind       bounce, delay, auto-reply, feedback, delivered or not-a-bounce
 * @param recipients one entry per recipient the notice is about
 * @param original   the embedded original message, or {@link OriginalMessage#NONE}
 * @param reporter   which rule family read it (e.g. {@code rfc3464}, {@code postfix}, {@code qmail}), or empty
 * @param defects    problems met while reading (bounded list), never thrown
 */
public record BounceReport(
        Kind kind,
        List<BounceRecipient> recipients,
        OriginalMessage original,
        String reporter,
        List<String> defects) {

    public BounceReport {
        recipients = List.copyOf(recipients);
        defects = List.copyOf(defects);
    }

    public static BounceReport notABounce(List<String> defects) {
        return new BounceReport(Kind.NOT_A_BOUNCE, List.of(), OriginalMessage.NONE, "", defects);
    }
}
