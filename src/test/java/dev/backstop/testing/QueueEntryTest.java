package dev.backstop.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueEntryTest {

  @Test
  void parsesAPostqueueJsonLine() {
    // as printed by Postfix 3.7's postqueue -j (one object per line)
    String line = "{\"queue_name\": \"hold\", \"queue_id\": \"ABFC420C1B8\", \"arrival_time\": 1795734864, "
        + "\"message_size\": 244, \"forced_expire\": false, \"sender\": \"a@x.test\", \"recipients\": "
        + "[{\"address\": \"b@y.test\", \"delay_reason\": \"connect to 127.0.0.1[127.0.0.1]:2999: Connection refused\"},"
        + " {\"address\": \"c\\u0040y.test\"}]}";
    QueueEntry e = QueueEntry.parse(line);
    assertThat(e.queueId()).isEqualTo("ABFC420C1B8");
    assertThat(e.held()).isTrue();
    assertThat(e.sender()).isEqualTo("a@x.test");
    assertThat(e.arrival()).isEqualTo(Instant.ofEpochSecond(1795734864));
    assertThat(e.size()).isEqualTo(244);
    assertThat(e.recipientAddresses()).containsExactly("b@y.test", "c@y.test");
    assertThat(e.recipients().get(0).delayReason()).endsWith("Connection refused");
    assertThat(e.recipients().get(1).delayReason()).isEmpty();
  }

  @Test
  void theNullSenderIsEmpty() {
    QueueEntry e = QueueEntry.parse("{\"queue_name\":\"deferred\",\"queue_id\":\"X1Y2Z3A4\",\"sender\":\"\",\"recipients\":[]}");
    assertThat(e.sender()).isEmpty();
    assertThat(e.held()).isFalse();
    assertThat(e.recipients()).isEmpty();
  }

  @Test
  void jsonReaderRejectsMalformedInputWithoutHanging() {
    assertThat(Json.parse(" {\"a\": [1, -2.5e3, true, null, \"x\\\"y\"]} ")).isEqualTo(
        Map.of("a", java.util.Arrays.asList(1L, -2500.0, true, null, "x\"y")));
    for (String bad : List.of("", "{", "{\"a\"}", "[1,]", "{\"a\":1} x", "\"open", "[" .repeat(100), "tru")) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void queueIdsAreValidatedBeforeTheyReachACommand() {
    assertThat(PrivatePostfix.requireQueueId("ABFC420C1B8")).isEqualTo("ABFC420C1B8");
    assertThat(PrivatePostfix.requireQueueId("4Xh2vM0Zq1z5nbK")).isEqualTo("4Xh2vM0Zq1z5nbK");
    for (String bad : List.of("", "ALL", "-d", "ABC;rm -rf /", "AB CD EF", "../../etc")) {
      assertThatThrownBy(() -> PrivatePostfix.requireQueueId(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
