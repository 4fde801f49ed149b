package dev.backstop.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message in a Postfix queue as {@code postqueue -j} reports it.
 *
 * @param queueName {@code maildrop}, {@code incoming}, {@code active}, {@code deferred} or {@code hold}
 * @param sender the envelope sender, empty for the null sender
 */
public record QueueEntry(
    String queueId, String queueName, String sender, List<Recipient> recipients, Instant arrival, long size) {

  /** A recipient of a queued message; {@code delayReason} is empty until a delivery attempt was deferred. */
  public record Recipient(String address, String delayReason) {}

  public QueueEntry {
    recipients = List.copyOf(recipients);
  }

  public List<String> recipientAddresses() {
    return recipients.stream().map(Recipient::address).toList();
  }

  public boolean held() {
    return "hold".equals(queueName);
  }

  /** Parses one line of {@code postqueue -j} output. */
  static QueueEntry parse(String jsonLine) {
    if (!(Json.parse(jsonLine) instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("not a JSON object: " + jsonLine);
    }
    List<Recipient> rcpts =
        m.get("recipients") instanceof List<?> l
            ? l.stream()
                .map(o -> (Map<?, ?>) o)
                .map(r -> new Recipient(str(r.get("address")), str(r.get("delay_reason"))))
                .toList()
            : List.of();
    return new QueueEntry(
        str(m.get("queue_id")),
        str(m.get("queue_name")),
        str(m.get("sender")),
        rcpts,
        Instant.ofEpochSecond(num(m.get("arrival_time"))),
        num(m.get("message_size")));
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
