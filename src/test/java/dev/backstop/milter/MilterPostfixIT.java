package dev.backstop.milter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backstop.testing.PrivatePostfix;
import dev.backstop.testing.ReceivedMessage;
import dev.backstop.testing.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The real Postfix talking to the milter server alone (no engine): a private instance with {@code smtpd_milters}
 * pointing at a {@link MilterServer} whose session adds a header; one message sent by SMTP is relayed to an SMTP
 * sink, which must see the header with the queue id from macro {@code i}. Needs root and Debian's postfix.
 */
class MilterPostfixIT {

    @Test
    void postfixAppliesTheHeaderOurMilterAdds() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a private Postfix");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/postfix")), "postfix is not installed");

        List<String> seen = new CopyOnWriteArrayList<>();
        MilterHandler handler = ctx -> new MilterSession() {
            @Override
            public Decision envFrom(String sender, List<String> args) {
                seen.add("from " + sender + " daemon=" + ctx.macro("daemon_name").orElse("-"));
                return Decision.CONTINUE;
            }

            @Override
            public EndOfMessage endOfMessage() {
                String queueId = ctx.macro("i").orElse("none");
                seen.add("eom " + queueId);
                return EndOfMessage.of(Decision.ACCEPT, Modification.addHeader("X-Backstop-Test", "seen " + queueId));
            }
        };
        try (MilterServer milter = MilterServer.start(MilterConfig.builder().endpoint("inet:127.0.0.1:0").build(), handler);
             SmtpSink sink = SmtpSink.start();
             PrivatePostfix postfix = PrivatePostfix.builder().relayTo(sink.port())
                     .smtpdMilters(milter.endpoint().toString()).start()) {
            byte[] msg = "From: sender@example.org\r\nTo: rcpt@example.net\r\nSubject: milter test\r\n\r\nhello\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            assertThat(postfix.smtpSubmit("sender@example.org", List.of("rcpt@example.net"), msg).accepted()).isTrue();
            ReceivedMessage delivered = sink.awaitMessages(1, Duration.ofSeconds(30)).get(0);
            assertThat(seen).anyMatch(s -> s.startsWith("from sender@example.org daemon="));
            String queueId = seen.stream().filter(s -> s.startsWith("eom ")).findFirst().orElseThrow().substring(4);
            assertThat(queueId).matches("[0-9A-Za-z]+");
            assertThat(delivered.header("X-Backstop-Test")).hasValue("seen " + queueId);
            assertThat(delivered.header("Subject")).hasValue("milter test");
        }
    }
}
