package dev.backstop.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status code + diagnostic + command stage (+ remote host) in, reason and hard/soft out. */
class ReasonClassifierTest {
    private final ReasonClassifier classifier = new ReasonClassifier();

    @ParameterizedTest(name = "{0} [{2}] {1} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        5.1.1 | 550 5.1.1 <a@example.org>: Recipient address rejected: User unknown in local recipient table | RCPT | -  | userunknown
        5.0.0 | 550 Unknown user a@example.org                                     | RCPT | -                    | userunknown
        5.0.0 | 550 Unknown user a@example.org                                     | DATA | -                    | filtered
        5.0.0 | 550 Unknown user a@example.org                                     | -    | -                    | filtered
        5.2.1 | 550 5.2.1 <a@example.org>... User Unknown                          | DATA | -                    | filtered
        5.2.1 | 550 5.2.1 <a@example.org>... User Unknown                          | RCPT | -                    | userunknown
        5.1.0 | 553 5.1.0 sender.example does not exist                            | MAIL | -                    | rejected
        5.0.0 | 501 5.0.0 Invalid domain name                                      | HELO | -                    | blocked
        5.0.0 | 550 5.0.0 Unauthenticated senders not allowed                      | MAIL | -                    | securityerror
        4.3.2 | 452 4.3.2 Connection rate limit exceeded.                          | MAIL | -                    | ratelimited
        5.2.2 | 552 5.2.2 <a@example.org>... Mailbox Full                          | RCPT | -                    | mailboxfull
        5.6.0 | 554 5.6.0 This message has been scored as spam with a probability of more than 90% | DATA | - | spamdetected
        5.7.0 | 554 5.7.0 Header error                                             | DATA | -                    | contenterror
        5.7.1 | 554 5.7.1 [C14] Missing reverse DNS for 203.0.113.2                | CONN | -                    | requireptr
        4.0.0 | DNS Error: DNS type 'mx' lookup of example.jp responded with code NXDOMAIN Domain name not found: example.jp | - | - | networkerror
        5.0.0 | 550 Host unknown                                                   | -    | -                    | hostunknown
        4.0.0 | The domain example.org doesn't receive email according to the administrator: returned Null MX | - | - | notaccept
        5.1.10 | 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup | - | - | userunknown
        5.7.1 | 550-5.7.1 [192.0.2.1 13] Messages with multiple 550-5.7.1 addresses in From: header are not accepted. | DATA | gmail-smtp-in.l.google.com | notcompliantrfc
        5.0.0 | 550 : User unknown                                                 | -    | lsean.ezweb.ne.jp    | filtered
        5.0.0 | 550 <a@ezweb.ne.jp>: User unknown                                  | -    | lsean.ezweb.ne.jp    | userunknown
        5.2.0 | 550 Unknown user a@docomo.ne.jp                                    | DATA | mfsmax.docomo.ne.jp  | filtered
        5.0.0 | 550 Unknown user a@docomo.ne.jp                                    | DATA | mfsmax.docomo.ne.jp  | userunknown
        5.2.0 | 550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]                | DATA | smtp-in.orange.fr    | spamdetected
        5.1.0 | 550 5.1.0 <b@example.com> sender rejected. AUP#CDRBL               | MAIL | cxr.mx.a.cloudfilter.net | blocked
        4.4.5 | 452 4.4.5 Insufficient disk space; try again later                | MAIL | -                    | systemfull
        4.2.2 | 452 4.2.2 Insufficient disk space for a@example.org                | RCPT | -                    | mailboxfull
        5.1.0 | 550 5.1.0 MailFrom domain is listed in Spamhaus                    | MAIL | -                    | rejected
        5.0.0 | SMTP error from remote mail server after end of data: 553 sender.example does not exist | DATA | - | rejected
        5.4.1 | 550 5.4.1 Recipient address rejected: Access denied                | -    | -                    | userunknown
        5.3.0 | 554 5.3.0 <a@example.org>: Recipient address rejected: Mailer error | RCPT | -                    | mailererror
        5.0.0 | mail.local: unknown user: a 554 <a@example.org>... Service unavailable | - | -                     | userunknown
        5.0.0 | 550 <a@example.org>: Recipient address rejected.                   | RCPT | -                    | userunknown
        5.0.0 | 550 5.1.1 <a@example.org>... User unknown                          | DATA | -                    | userunknown
        5.0.0 | 525 Sorry, that account has been closed                          | RCPT | -                    | suspend
        4.0.0 | 452 4.2.2 The user's space has been used up                        | RCPT | -                    | mailboxfull
        4.4.1 | Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) I'm not going to try again; this message has been in the queue too long. | - | - | networkerror
        """)
    void classifies(String status, String diagnostic, String command, String remoteMta, String reason) {
        Fact f = new Fact("a@example.org");
        f.status = status;
        f.diagnostic = diagnostic;
        f.command = command == null ? "" : command;
        f.remoteMta = remoteMta == null ? "" : "dns; " + remoteMta;
        f.action = status.startsWith("4") ? "delayed" : "failed";
        assertThat(classifier.classify(f).label()).isEqualTo(reason);
    }

    @Test
    void providerRulesApplyOnlyToTheirHosts() {
        Fact f = new Fact("a@example.org");
        f.status = "5.0.0";
        f.diagnostic = "550 : User unknown";
        f.command = "RCPT";
        f.remoteMta = "dns; mx.example.org";
        assertThat(classifier.classify(f)).isEqualTo(Reason.USERUNKNOWN);
        f.remoteMta = "dns; lsean.ezweb.ne.jp. (27.85.176.228)";
        assertThat(classifier.classify(f)).isEqualTo(Reason.FILTERED);
    }

    @Test
    void providerFoundThroughTheRecipientDomainOrTheDiagnostic() {
        Fact f = new Fact("someone@ezweb.ne.jp");
        f.status = "5.0.0";
        f.diagnostic = "550 : User unknown";
        f.command = "RCPT";
        assertThat(classifier.classify(f)).isEqualTo(Reason.FILTERED);

        Fact g = new Fact("a@example.com");
        g.status = "5.2.0";
        g.diagnostic = "SMTP error from remote mail server after end of data: host smtp.wanadoo.fr [192.0.2.1]: "
                + "550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]";
        assertThat(classifier.classify(g)).isEqualTo(Reason.SPAMDETECTED);
    }

    @Test
    void aReasonTheFormatFixedIsKept() {
        Fact f = new Fact("a@example.org");
        f.status = "5.1.1";
        f.diagnostic = "550 5.1.1 user unknown";
        f.reason = Reason.REJECTED;
        assertThat(classifier.classify(f)).isEqualTo(Reason.REJECTED);
    }

    @Test
    void continuationCodesAreDroppedButNumbersInTheSentenceStay() {
        assertThat(ReasonClassifier.withoutContinuationCodes("550-5.7.1 messages with multiple 550-5.7.1 addresses"))
                .isEqualTo("550-5.7.1 messages with multiple addresses");
        assertThat(ReasonClassifier.withoutContinuationCodes("552 message size 550 bytes too big"))
                .isEqualTo("552 message size 550 bytes too big");
        assertThat(ReasonClassifier.withoutContinuationCodes("host mx said: 554 5.7.0 reject, id=1 - spam"))
                .isEqualTo("host mx said: 554 5.7.0 reject, id=1 - spam");
        assertThat(ReasonClassifier.withoutContinuationCodes("said: 550-5.1.1 the account does 550-5.1.1 not exist"))
                .isEqualTo("said: 550-5.1.1 the account does not exist");
    }

    @ParameterizedTest(name = "{0} {1} -> hard={3}")
    @CsvSource(delimiter = '|', textBlock = """
        userunknown  | 5.1.1 | 550 5.1.1 user unknown          | true
        userunknown  | 4.1.1 | 450 4.1.1 user unknown          | true
        hostunknown  | 5.1.2 | 550 host unknown                | true
        hasmoved     | 5.1.6 | 550 5.1.6 recipient moved       | true
        notaccept    | 5.1.10 | 550 null MX                    | true
        notaccept    | 4.0.0 | DNS Error: temporary failure    | false
        mailboxfull  | 5.2.2 | 552 mailbox full                | false
        blocked      | 5.7.1 | 554 blocked                     | false
        onhold       | 5.0.0 | 550 something                   | false
        """)
    void hardOrSoft(String reason, String status, String diagnostic, boolean hard) {
        assertThat(HardBounce.isHard(Reason.fromLabel(reason), status, "", diagnostic)).isEqualTo(hard);
    }
}
