package dev.backstop.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A message as {@link SmtpSink} received it.
 *
 * @param mailFrom the envelope sender without angle brackets; empty for the null sender {@code <>}
 * @param recipients the accepted RCPT TO addresses
 * @param data the message as sent after DATA, dot-unstuffed, with the client's line ends
 * @param connection the sink's sequence number of the SMTP connection it came on
 */
public record ReceivedMessage(
    String helo, String mailFrom, List<String> recipients, byte[] data, Instant receivedAt, long connection) {

  public ReceivedMessage {
    recipients = List.copyOf(recipients);
  }

  public boolean nullSender() {
    return mailFrom.isEmpty();
  }

  /** The message decoded as UTF-8 (invalid bytes replaced), for assertions on content. */
  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** The header block, unfolded: one logical header per line. */
  public List<String> headers() {
    String t = text().replace("\r\n", "\n");
    int end = t.indexOf("\n\n");
    String block = end < 0 ? t : t.substring(0, end);
    return List.of(block.replaceAll("\n[ \t]+", " ").split("\n"));
  }

  /** The value of the first header with this name (case-insensitive), unfolded. */
  public Optional<String> header(String name) {
    String prefix = name.toLowerCase(Locale.ROOT) + ":";
    return headers().stream()
        .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
        .map(h -> h.substring(prefix.length()).strip())
        .findFirst();
  }

  /** Every value of headers with this name, in order. */
  public List<String> headerValues(String name) {
    String prefix = name.toLowerCase(Locale.ROOT) + ":";
    return headers().stream()
        .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
        .map(h -> h.substring(prefix.length()).strip())
        .toList();
  }

  @Override
  public String toString() {
    return "ReceivedMessage[from=<" + mailFrom + "> to=" + recipients + ", " + data.length + " bytes, " + receivedAt
        + "]";
  }
}
