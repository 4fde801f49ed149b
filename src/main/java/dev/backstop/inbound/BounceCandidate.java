package dev.backstop.inbound;

import dev.backstop.bounce.BounceReport;
import java.util.List;

/**
 * A message that may be a bounce, with what the MTA told us and what the bounce reader found.
 *
 * @param envelopeSender the envelope sender, empty for the null sender
 * @param recipients     the envelope recipients as they will be delivered (BATV tags already stripped)
 * @param clientAddress  the IP address of the host that sent it to us, or empty
 * @param report         the bounce reader's report
 * @param inReplyTo      the In-Reply-To and References message ids of the bounce itself (for auto-replies)
 * @param early          evidence found before the end of the message (the BATV tag checked at RCPT)
 */
public record BounceCandidate(
        String envelopeSender,
        List<String> recipients,
        String clientAddress,
        BounceReport report,
        List<String> inReplyTo,
        List<Evidence> early) {

    public BounceCandidate {
        recipients = List.copyOf(recipients);
        inReplyTo = List.copyOf(inReplyTo);
        early = List.copyOf(early);
    }
}
