package dev.backstop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves the fixtures against the real Postfix: submission, pickup, bounces, the hold queue, two instances. */
class PrivatePostfixIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static SmtpSink sink;
  private static PrivatePostfix pf;

  @BeforeAll
  static void startPostfix() {
    sink = SmtpSink.start();
    pf = PrivatePostfix.builder()
        .relayTo(sink.port())
        // lets a test put mail straight into the hold queue: a sender address that smtpd answers with HOLD
        .param("smtpd_sender_restrictions", "check_sender_access inline:{{hold@sender.test=HOLD test}}")
        .start();
  }

  @AfterAll
  static void stopPostfix() {
    if (pf != null) {
      pf.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @BeforeEach
  void resetSink() {
    sink.rcptRule(null);
    sink.clear();
  }

  @Test
  void smtpSubmittedMessageReachesTheSinkWithItsContent() {
    String token = UUID.randomUUID().toString();
    SmtpClient.Result r = pf.smtpSubmit("alice@sender.test", List.of("bob@sink.test"), message("a", token));

    assertThat(r.accepted()).as("transcript %s", r.transcript()).isTrue();
    assertThat(r.queueId()).matches("[0-9A-F]{6,}");
    ReceivedMessage m = sink.awaitMessage(x -> x.text().contains(token), WAIT);
    assertThat(m.mailFrom()).isEqualTo("alice@sender.test");
    assertThat(m.recipients()).containsExactly("bob@sink.test");
    assertThat(m.header("Subject")).contains("test a");
    assertThat(m.header("Received")).hasValueSatisfying(v -> assertThat(v).contains(pf.hostname()));
    // the log has the delivery with the queue id smtpd gave us
    pf.awaitLog(Pattern.compile(r.queueId() + ": to=<bob@sink.test>.*status=sent"), WAIT);
  }

  @Test
  void sendmailSubmissionGoesThroughPickupAndShowsTheUserid() {
    String token = UUID.randomUUID().toString();
    long mark = pf.logSize();
    pf.sendmail("carol@sender.test", List.of("dave@sink.test", "erin@sink.test"), message("b", token));

    ReceivedMessage m = sink.awaitMessage(x -> x.text().contains(token), WAIT);
    assertThat(m.mailFrom()).isEqualTo("carol@sender.test");
    assertThat(m.recipients()).containsExactlyInAnyOrder("dave@sink.test", "erin@sink.test");
    long uid = new com.sun.security.auth.module.UnixSystem().getUid();
    assertThat(m.header("Received")).hasValueSatisfying(v -> assertThat(v).contains("from userid " + uid));
    String pickup = pf.awaitLog(Pattern.compile("pickup\\[\\d+\\]: \\w+: uid=" + uid + " from=<carol@sender.test>"), WAIT, mark);
    assertThat(pf.logSize()).isGreaterThan(mark);
    assertThat(pf.log().indexOf(pickup)).isGreaterThanOrEqualTo((int) mark);
  }

  @Test
  void aRecipientRefusedWith550BouncesToTheSenderAsADeliveryStatusReport() {
    sink.rcptRule(r -> r.equals("nobody@sink.test") ? "550 5.1.1 <nobody@sink.test>: user unknown" : null);
    String token = UUID.randomUUID().toString();
    SmtpClient.Result r = pf.smtpSubmit("frank@sender.test", List.of("nobody@sink.test"), message("c", token));
    assertThat(r.accepted()).isTrue();

    ReceivedMessage dsn = sink.awaitMessage(ReceivedMessage::nullSender, WAIT);
    assertThat(dsn.recipients()).containsExactly("frank@sender.test");
    assertThat(dsn.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct)
        .startsWith("multipart/report").contains("report-type=delivery-status"));
    assertThat(dsn.text()).contains("Status: 5.1.1").contains("Final-Recipient: rfc822; nobody@sink.test")
        .contains(token);
    assertThat(sink.refusedRecipients()).anyMatch(x -> x.startsWith("nobody@sink.test 550 5.1.1"));
    pf.awaitLog(Pattern.compile(r.queueId() + ": to=<nobody@sink.test>.*dsn=5\\.1\\.1, status=bounced"), WAIT);
  }

  @Test
  void heldMessagesAreListedAndPostsuperReleasesDeletesAndHolds() {
    String released = UUID.randomUUID().toString();
    String deleted = UUID.randomUUID().toString();
    String a = pf.smtpSubmit("hold@sender.test", List.of("g@sink.test"), message("d1", released)).queueId();
    String b = pf.smtpSubmit("hold@sender.test", List.of("h@sink.test"), message("d2", deleted)).queueId();

    List<QueueEntry> q = pf.awaitQueue(l -> l.stream().filter(QueueEntry::held).count() == 2, WAIT);
    assertThat(q).filteredOn(e -> e.queueId().equals(a)).singleElement().satisfies(e -> {
      assertThat(e.queueName()).isEqualTo("hold");
      assertThat(e.sender()).isEqualTo("hold@sender.test");
      assertThat(e.recipientAddresses()).containsExactly("g@sink.test");
      assertThat(e.size()).isPositive();
    });

    assertThat(pf.postsuper("-d", PrivatePostfix.requireQueueId(b)).output()).contains("Deleted: 1 message");
    assertThat(pf.postsuper("-H", PrivatePostfix.requireQueueId(a)).output()).contains("Released from hold: 1 message");
    sink.awaitMessage(m -> m.text().contains(released), WAIT);
    pf.awaitQueueEmpty(WAIT);
    assertThat(sink.messages()).noneMatch(m -> m.text().contains(deleted));

    // a deferred message (the sink answers 451) can be put on hold and stays there
    sink.rcptRule(r -> r.equals("later@sink.test") ? "451 4.3.0 try again later" : null);
    String c = pf.smtpSubmit("ivan@sender.test", List.of("later@sink.test"), message("d3", "x")).queueId();
    pf.awaitQueue(l -> l.stream().anyMatch(e -> e.queueId().equals(c) && e.queueName().equals("deferred")), WAIT);
    assertThat(pf.postsuper("-h", c).output()).contains("Placed on hold: 1 message");
    assertThat(pf.queue()).filteredOn(e -> e.queueId().equals(c)).singleElement()
        .satisfies(e -> assertThat(e.held()).isTrue());
    pf.postsuper("-d", "ALL");
    pf.awaitQueueEmpty(WAIT);
  }

  @Test
  void twoInstancesRunAtOnceAndStopCleanly() {
    try (SmtpSink sink2 = SmtpSink.start(); PrivatePostfix pf2 = PrivatePostfix.builder().relayTo(sink2.port()).start()) {
      assertThat(pf2.smtpPort()).isNotEqualTo(pf.smtpPort());
      assertThat(pf2.queueDir()).isNotEqualTo(pf.queueDir());
      String one = UUID.randomUUID().toString();
      String two = UUID.randomUUID().toString();
      pf.smtpSubmit("judy@sender.test", List.of("k@sink.test"), message("e1", one));
      pf2.smtpSubmit("judy@sender.test", List.of("k@sink.test"), message("e2", two));
      pf2.sendmail("judy@sender.test", List.of("l@sink.test"), message("e3", two));

      sink.awaitMessage(m -> m.text().contains(one), WAIT);
      sink2.awaitMessages(2, WAIT);
      assertThat(sink2.messages()).allMatch(m -> m.text().contains(two));
      assertThat(sink.messages()).noneMatch(m -> m.text().contains(two));
      assertThat(pf2.log()).contains("configuration " + pf2.configDir()).doesNotContain(pf.configDir().toString());

      List<ProcessHandle> tree = ProcessTree.of(masterPid(pf2)).members();
      assertThat(tree).hasSizeGreaterThan(1); // master, qmgr, pickup, postlogd, ...
      pf2.stop();
      assertThat(tree).noneMatch(ProcessTree::running);
      assertThat(pf.isRunning()).isTrue();
    }
  }

  @Test
  void milterSettingsApplyAndMilterDefaultActionDecidesWhenTheMilterIsDown() {
    int closedPort = PrivatePostfix.freePort(); // nothing listens there
    try (SmtpSink sink3 = SmtpSink.start();
        PrivatePostfix pf3 = PrivatePostfix.builder().relayTo(sink3.port())
            .smtpdMilters("inet:127.0.0.1:" + closedPort).milterDefaultAction("tempfail").start()) {
      assertThat(pf3.postconf("smtpd_milters")).isEqualTo("inet:127.0.0.1:" + closedPort);
      SmtpClient.Result refused = pf3.smtpSubmit("kim@sender.test", List.of("m@sink.test"), message("f1", "x"));
      assertThat(refused.finalCode()).as("%s", refused.transcript()).isEqualTo(451);
      assertThat(refused.finalReply()).contains("4.7.1");

      pf3.setParam("milter_default_action", "accept");
      String token = UUID.randomUUID().toString();
      SmtpClient.Result accepted = pf3.smtpSubmit("kim@sender.test", List.of("m@sink.test"), message("f2", token));
      assertThat(accepted.accepted()).as("%s", accepted.transcript()).isTrue();
      sink3.awaitMessage(m -> m.text().contains(token), WAIT);
      assertThat(pf3.log()).contains("connect to Milter service inet:127.0.0.1:" + closedPort + ": Connection refused");
    }
  }

  private static long masterPid(PrivatePostfix p) {
    try {
      return Long.parseLong(java.nio.file.Files.readString(p.queueDir().resolve("pid/master.pid")).strip());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] message(String subject, String token) {
    return ("From: sender@sender.test\nTo: rcpt@sink.test\nSubject: test " + subject + "\n"
        + "Message-ID: <" + token + "@sender.test>\n\nbody " + token + "\n.leading dot line\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
