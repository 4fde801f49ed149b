package dev.backstop.bounce;

import java.util.List;

/**
 * The original message that a bounce is about, as far as the bounce quotes it.
 *
 * @param container   where it sat: {@code rfc822}, {@code headers} (text/rfc822-headers), {@code inline}, or {@code none}
 * @param messageId   its Message-ID with angle brackets, or empty
 * @param from        its From header, or empty
 * @param to          its To header, or empty
 * @param subject     its Subject header (decoded), or empty
 * @param date        its Date header, or empty
 * @param received    its Received headers, top (latest) first
 * @param dkimSignatures its DKIM-Signature headers, unfolded values
 * @param rawHeaders  the quoted header block as it stood (for DKIM verification), or empty
 */
public record OriginalMessage(
        String container,
        String messageId,
        String from,
        String to,
        String subject,
        String date,
        List<String> received,
        List<String> dkimSignatures,
        String rawHeaders) {

    public static final OriginalMessage NONE =
            new OriginalMessage("none", "", "", "", "", "", List.of(), List.of(), "");

    public OriginalMessage {
        received = List.copyOf(received);
        dkimSignatures = List.copyOf(dkimSignatures);
    }

    public boolean isPresent() {
        return !"none".equals(container);
    }
}
