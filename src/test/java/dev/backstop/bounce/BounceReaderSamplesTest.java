package dev.backstop.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The project's own samples, one per MTA family and standard format; these need no corpus. */
class BounceReaderSamplesTest {
    private final BounceReader reader = new BounceReader();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        postfix.eml       | bounce       | nobody@example.net    | 5.1.1 | 550 | userunknown  | true  | <postfix-original-1@backstop.test>  | rfc822
        sendmail.eml      | bounce       | full@example.org      | 5.2.2 | 552 | mailboxfull  | false | <sendmail-original-2@backstop.test> | headers
        exim.eml          | bounce       | gone@example.com      | 5.2.1 | 550 | suspend      | false | <exim-original-3@backstop.test>     | inline
        qmail.eml         | bounce       | nosuch@example.org    | 5.1.1 | 550 | userunknown  | true  | <qmail-original-4@backstop.test>    | inline
        office365.eml     | bounce       | blocked@example.com   | 5.7.1 | 550 | blocked      | false | <office365-original-5@backstop.test> | rfc822
        gmail.eml         | bounce       | notthere@example.jp   | 5.1.1 | 550 | userunknown  | true  | <gmail-original-6@backstop.test>    | inline
        rfc3464-delay.eml | delay        | slow@example.net      | 4.4.7 | 421 | expired      | false | <rfc3464-original-7@backstop.test>  | headers
        rfc3834.eml       | auto-reply   | heidi@example.org     | -     | -   | vacation     | false | -                                   | none
        arf.eml           | feedback     | complainer@example.com | -    | -   | feedback     | false | <arf-original-9@backstop.test>      | rfc822
        """)
    void readsSample(String file, String kind, String rcpt, String status, String reply, String reason, boolean hard,
                     String messageId, String container) throws IOException {
        BounceReport r = read(file);
        assertThat(r.kind().label()).isEqualTo(kind);
        assertThat(r.recipients()).hasSize(1);
        BounceRecipient x = r.recipients().get(0);
        assertThat(x.address()).isEqualTo(rcpt);
        assertThat(x.status()).isEqualTo(status == null ? "" : status);
        assertThat(x.replyCode()).isEqualTo(reply == null ? "" : reply);
        assertThat(x.reason().label()).isEqualTo(reason);
        assertThat(x.hard()).isEqualTo(hard);
        assertThat(r.original().messageId()).isEqualTo(messageId == null ? "" : messageId);
        assertThat(r.original().container()).isEqualTo(container);
    }

    @org.junit.jupiter.api.Test
    void originalCarriesReceivedChainAndDkim() throws IOException {
        OriginalMessage o = read("postfix.eml").original();
        assertThat(o.from()).isEqualTo("Alice <alice@backstop.test>");
        assertThat(o.subject()).isEqualTo("Quarterly report");
        assertThat(o.received()).hasSize(1).first().asString().contains("by mx1.backstop.test");
        assertThat(o.dkimSignatures()).hasSize(1).first().asString().contains("d=backstop.test");
        assertThat(o.rawHeaders()).startsWith("Return-Path: <alice@backstop.test>");
    }

    @org.junit.jupiter.api.Test
    void remoteMtaAndDiagnosticFromTheDsn() throws IOException {
        BounceRecipient x = read("postfix.eml").recipients().get(0);
        assertThat(x.remoteMta()).isEqualTo("mx.example.net");
        assertThat(x.action()).isEqualTo("failed");
        assertThat(x.diagnostic()).contains("User unknown in local recipient table");
    }

    @org.junit.jupiter.api.Test
    void ordinaryMailIsNotABounce() throws IOException {
        BounceReport r = read("plain.eml");
        assertThat(r.kind()).isEqualTo(Kind.NOT_A_BOUNCE);
        assertThat(r.recipients()).isEmpty();
    }

    private BounceReport read(String file) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/bounces/" + file)) {
            assertThat(in).as(file).isNotNull();
            return reader.read(in);
        }
    }
}
