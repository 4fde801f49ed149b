package dev.backstop.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hand-written samples of the less regular shapes real MTAs produce: broken MIME, lost header folds,
 * report fields written with " : ", SNS-wrapped SES JSON, one-line and bulleted text notices, forwarded and
 * wrapped bounces. Each must come back with the right recipient, status and reply code.
 */
class BounceReaderShapesTest {
    private final BounceReader reader = new BounceReader();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        exchange2003.eml       | carol@example.org       | -     | -   | text
        lost-fold.eml          | frank@example.com       | 5.1.1 | 550 | rfc3464
        spaced-dsn-fields.eml  | grace@example.net       | 5.7.54 | 550 | rfc3464
        ses-sns.eml            | heidi@example.org       | 5.1.1 | 550 | amazonses
        error-code-line.eml    | ivan@example.org        | -     | 550 | text
        forwarded-bounce.eml   | judy@example.com        | 5.1.1 | 550 | text
        bullet-list.eml        | kim@example.com         | 5.3.0 | 553 | text
        wrapped-bounce.eml     | leo@example.org         | 5.1.1 | 550 | rfc3464-nested
        rcpt-to-details.eml    | mallory@mms.example.com | -     | 550 | text
        """)
    void readsOneRecipient(String file, String rcpt, String status, String reply, String reporter) throws IOException {
        BounceReport r = read(file);
        assertThat(r.kind()).isEqualTo(Kind.BOUNCE);
        assertThat(r.reporter()).isEqualTo(reporter);
        assertThat(r.recipients()).extracting(BounceRecipient::address).containsExactly(rcpt);
        BounceRecipient x = r.recipients().get(0);
        if (status != null) {
            assertThat(x.status()).isEqualTo(status);
        } else {
            assertThat(x.status()).as("an internal code of class 5").startsWith("5.0.9");
        }
        assertThat(x.replyCode()).isEqualTo(reply == null ? "" : reply);
        assertThat(x.diagnostic()).isNotBlank();
    }

    @Test
    void multipartWithoutBoundariesIsReadFromItsBody() throws IOException {
        BounceReport r = read("broken-mime-dsn.eml");
        assertThat(r.kind()).isEqualTo(Kind.BOUNCE);
        List<BounceRecipient> x = r.recipients();
        assertThat(x).extracting(BounceRecipient::address).containsExactly("dave@example.net", "erin@example.net");
        assertThat(x).extracting(BounceRecipient::status).containsExactly("5.1.1", "5.2.2");
        assertThat(x).extracting(BounceRecipient::replyCode).containsExactly("550", "552");
        assertThat(x.get(1).diagnostic()).contains("Mailbox full");
    }

    @Test
    void lostHeaderFoldIsRejoinedAndRecorded() throws IOException {
        BounceReport r = read("lost-fold.eml");
        assertThat(r.defects()).anyMatch(d -> d.contains("folding"));
        assertThat(r.recipients().get(0).diagnostic()).contains("RecipNotFound");
    }

    @Test
    void exchangeTextKeepsTheLinesBelowTheRecipient() throws IOException {
        BounceRecipient x = read("exchange2003.eml").recipients().get(0);
        assertThat(x.diagnostic()).contains("recipient name is not recognized");
    }

    @Test
    void sesRecipientComesFromTheWrappedNotification() throws IOException {
        BounceRecipient x = read("ses-sns.eml").recipients().get(0);
        assertThat(x.action()).isEqualTo("failed");
        assertThat(x.diagnostic()).contains("user unknown");
    }

    @Test
    void forwardedBounceDoesNotReportTheDaemonAsRecipient() throws IOException {
        assertThat(read("forwarded-bounce.eml").recipients()).extracting(BounceRecipient::address)
                .doesNotContain("MAILER-DAEMON@mx.backstop.test");
    }

    private BounceReport read(String file) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/bounces/" + file)) {
            assertThat(in).as(file).isNotNull();
            return reader.read(in);
        }
    }
}
