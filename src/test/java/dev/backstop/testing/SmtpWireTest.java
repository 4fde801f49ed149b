package dev.backstop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpWireTest {

  @Test
  void dataIsCrlfNormalisedDotStuffedAndTerminated() {
    byte[] wire = SmtpClient.dataOnWire("Subject: x\n\n.hidden\r\nlast".getBytes(StandardCharsets.US_ASCII));
    assertThat(new String(wire, StandardCharsets.US_ASCII)).isEqualTo("Subject: x\r\n\r\n..hidden\r\nlast\r\n.\r\n");
  }

  @Test
  void envelopeAddressesAreTakenFromTheAngleBrackets() {
    assertThat(SmtpSink.address("MAIL FROM:<a@b.test> SIZE=100 BODY=8BITMIME")).isEqualTo("a@b.test");
    assertThat(SmtpSink.address("MAIL FROM:<>")).isEmpty();
    assertThat(SmtpSink.address("RCPT TO: <c@d.test>")).isEqualTo("c@d.test");
    assertThat(SmtpSink.address("RCPT TO:plain@d.test NOTIFY=NEVER")).isEqualTo("plain@d.test");
    assertThat(SmtpSink.address("RCPT TO:<broken")).isNull();
    assertThat(SmtpSink.address("RCPT")).isNull();
  }

  @Test
  void receivedMessageUnfoldsHeaders() {
    ReceivedMessage m = new ReceivedMessage("h", "", List.of("x@y.test"),
        "Received: from a\r\n\tby b\r\nContent-Type: multipart/report;\r\n report-type=delivery-status\r\n\r\nbody: no\r\n"
            .getBytes(StandardCharsets.US_ASCII), Instant.EPOCH, 1);
    assertThat(m.nullSender()).isTrue();
    assertThat(m.header("content-type")).contains("multipart/report; report-type=delivery-status");
    assertThat(m.headerValues("Received")).containsExactly("from a by b");
    assertThat(m.header("body")).isEmpty();
  }
}
