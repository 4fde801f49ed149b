package dev.backstop.mta;

import java.util.List;

/**
 * Hands a whole message to the MTA for delivery: how a released quarantined message goes on its way. The local
 * {@link Sendmail} in production; the demo's stand-in MTA on a machine without one.
 */
public interface MailSubmitter {

    /**
     * Submits {@code raw} from {@code sender} (empty for the null sender) to {@code recipients}.
     *
     * @throws Sendmail.SendmailException when the MTA did not take the message; the caller keeps it
     */
    void submit(byte[] raw, String sender, List<String> recipients) throws Sendmail.SendmailException;
}
