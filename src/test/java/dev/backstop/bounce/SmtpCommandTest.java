package dev.backstop.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Finding the SMTP command stage of a rejection in diagnostics, notices and transcripts. */
class SmtpCommandTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        550 5.1.1 <a@example.org>... User Unknown (in reply to RCPT TO command)            | RCPT
        550 Unknown user a@example.org (in reply to end of DATA command)                    | DATA
        SMTP error from remote mail server after RCPT TO:<a@example.org>: 550 unknown user   | RCPT
        SMTP error from remote mail server after end of data: 550 rejected                  | DATA
        SMTP error from remote mail server after MAIL FROM:<b@example.com> SIZE=1022: 553 no | MAIL
        SMTP error from remote mail server after initial connection: 554 go away            | CONN
        Connected to 192.0.2.1 but sender was rejected. Remote host said: 550 denied        | MAIL
        Connected to 192.0.2.1 but my name was rejected. Remote host said: 501 bad name     | HELO
        192.0.2.1 does not like recipient. Remote host said: 550 no such user                | RCPT
        most progress was RCPT TO response; remote host said: 550 Unknown user              | RCPT
        RCPT TO:<a@example.org> was accepted, then 554 rejected (in reply to end of DATA command) | DATA
        Technical details: SMTP:RCPT host 192.0.2.8: 553 5.3.0 <a@example.org>... No such user here | RCPT
        550 5.7.1 message rejected                                                          | -
        """)
    void stageInText(String text, String stage) {
        assertThat(SmtpCommand.inText(text.toLowerCase())).isEqualTo(stage == null ? "" : stage);
    }

    @Test
    void sendmailTranscriptGivesTheCommandBeforeTheReplyThatNamesTheRecipient() {
        String notice = """
                ----- Transcript of session follows -----
                ... while talking to mx.example.org.:
                >>> RCPT To:<gone@example.org>
                <<< 550 5.1.1 <gone@example.org>... User Unknown
                >>> DATA
                <<< 550 5.2.1 <filtered@example.org>... User Unknown
                <<< 503 5.0.0 Need RCPT (recipient)
                """;
        assertThat(SmtpCommand.of("550 5.1.1 <gone@example.org>... User Unknown", notice, "gone@example.org"))
                .isEqualTo("RCPT");
        assertThat(SmtpCommand.of("550 5.2.1 <filtered@example.org>... User Unknown", notice, "filtered@example.org"))
                .isEqualTo("DATA");
    }

    @Test
    void transcriptReplyWithoutTheAddressMatchesOnTheDiagnostic() {
        String notice = """
                ... while talking to mx.example.jp.:
                >>> DATA
                <<< 550 : User unknown
                554 5.0.0 Service unavailable
                """;
        assertThat(SmtpCommand.of("550 : User unknown", notice, "a@example.jp")).isEqualTo("DATA");
    }

    @Test
    void postfixParagraphOfTheRecipientIsUsedWhenTheDsnDiagnosticIsBare() {
        String notice = """
                <one@example.org>: host mx.example.org[192.0.2.1] said: 550 5.2.1
                    <one@example.org>... User Unknown (in reply to RCPT TO command)

                <two@example.org>: host mx.example.org[192.0.2.1] said: 550 Unknown user
                    (in reply to end of DATA command)
                """;
        assertThat(SmtpCommand.of("550 5.2.1 <one@example.org>... User Unknown", notice, "one@example.org"))
                .isEqualTo("RCPT");
        assertThat(SmtpCommand.of("550 Unknown user", notice, "two@example.org")).isEqualTo("DATA");
    }

    @Test
    void mFilterNamesTheCommandOnItsOwnLine() {
        String notice = "-------server message\n550 unknown user <a@example.com>\n\n-------SMTP command\nDATA\n";
        assertThat(SmtpCommand.of("550 unknown user <a@example.com>", notice, "a@example.com")).isEqualTo("DATA");
    }

    @Test
    void nothingSaidGivesEmpty() {
        assertThat(SmtpCommand.of("550 mailbox unavailable", "Delivery failed.", "a@example.com")).isEmpty();
    }
}
