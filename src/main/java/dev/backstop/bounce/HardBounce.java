package dev.backstop.bounce;

import java.util.Locale;

/**
 * Hard or soft: will sending to this address again fail the same way? Only reasons about the address
 * itself are hard (the mailbox or domain does not exist, the user has moved), whatever the code class: a
 * "4.1.1 user unknown" still names an address that does not exist. A server that accepts no mail at all is
 * hard unless it said the refusal is temporary. Everything else (full mailbox, blocks, rate limits, spam
 * verdicts, expiries) may pass later and is soft. This is the reference parser's rule, so the flags compare.
 */
final class HardBounce {
    private HardBounce() {}

    static boolean isHard(Reason reason, String status, String replyCode, String diagnostic) {
        switch (reason) {
            case USERUNKNOWN, HOSTUNKNOWN, HASMOVED:
                return true;
            case NOTACCEPT:
                return !temporary(status, replyCode, diagnostic);
            default:
                return false;
        }
    }

    /** Does the code (status first, then reply code) or the wording say the failure is temporary? */
    static boolean temporary(String status, String replyCode, String diagnostic) {
        String code = !status.isEmpty() && !StatusTable.isInternal(status) ? status
                : !replyCode.isEmpty() ? replyCode : SmtpText.status(diagnostic);
        if (!code.isEmpty()) {
            return code.charAt(0) == '4';
        }
        String d = diagnostic.length() > SmtpText.MAX_SCAN ? diagnostic.substring(0, SmtpText.MAX_SCAN) : diagnostic;
        d = d.toLowerCase(Locale.ROOT);
        return d.contains(" temporar") || d.contains(" persistent");
    }
}
