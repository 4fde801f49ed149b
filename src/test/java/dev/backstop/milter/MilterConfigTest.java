package dev.backstop.milter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Config validation, the macro table and the body buffer: the small pieces around the codec. */
class MilterConfigTest {

    @Test
    void safeDefaults() {
        MilterConfig c = MilterConfig.defaults();
        assertThat(c.endpoint()).isEqualTo(new MilterEndpoint.Inet("127.0.0.1", 8830));
        assertThat(c.maxConnections()).isEqualTo(512);
        assertThat(c.maxPacketSize()).isEqualTo(256 * 1024);
        assertThat(c.failureDecision()).isEqualTo(Decision.TEMPFAIL);
        assertThat(c.macros().get(MacroStage.ENVFROM)).contains("i", "{auth_authen}", "{mail_addr}");
        assertThat(c.macros().get(MacroStage.CONNECT)).contains("j", "_", "{daemon_name}", "{client_addr}");
        assertThat(c.macros().get(MacroStage.ENVRCPT)).contains("{rcpt_addr}");
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> MilterConfig.builder().maxConnections(0).build()).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> MilterConfig.builder().maxPacketSize(1000).build()).hasMessageContaining("maxPacketSize");
        assertThatThrownBy(() -> MilterConfig.builder().readTimeout(Duration.ZERO).build()).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> MilterConfig.builder().skipEvents(Set.of(MilterEvent.CONNECT)).build())
                .hasMessageContaining("skipEvents");
        assertThatThrownBy(() -> MilterConfig.builder().failureDecision(Decision.CONTINUE).build())
                .hasMessageContaining("failureDecision");
        assertThatThrownBy(() -> MilterConfig.builder().macros(Map.of(MacroStage.EOM, java.util.List.of("a b"))).build())
                .hasMessageContaining("macro name");
        assertThatThrownBy(() -> MilterConfig.builder().endpoint("tcp:x").build()).hasMessageContaining("tcp");
    }

    @Test
    void macrosFollowTheMessageLifecycle() {
        MacroTable t = new MacroTable();
        t.put(MacroStage.CONNECT, Map.of("j", "mx.example.org", "{daemon_name}", "smtpd"));
        t.put(MacroStage.ENVFROM, Map.of("i", "4AbCdE", "{auth_authen}", "alice"));
        t.put(MacroStage.EOM, Map.of("i", "4AbCdE-final"));
        assertThat(t.get("daemon_name")).contains("smtpd");
        assertThat(t.get("{auth_authen}")).contains("alice");
        assertThat(t.get("i")).contains("4AbCdE-final"); // latest stage wins
        assertThat(t.all()).containsEntry("j", "mx.example.org").containsEntry("i", "4AbCdE-final");
        t.clearMessage();
        assertThat(t.get("auth_authen")).isEmpty();
        assertThat(t.get("j")).contains("mx.example.org");
        t.put(MacroStage.ENVFROM, Map.of("i", "second"));
        t.put(MacroStage.ENVFROM, Map.of("{mail_addr}", "b@x"));
        assertThat(t.get("i")).isEmpty(); // a new MAIL forgets the previous message's macros
        assertThat(t.get("mail_addr")).contains("b@x");
    }

    @Test
    void bodyBufferKeepsUpToItsLimit() {
        BodyBuffer b = new BodyBuffer(10);
        ByteBuffer chunk = ByteBuffer.wrap("hello wor".getBytes());
        b.append(chunk);
        assertThat(chunk.remaining()).isEqualTo(9); // position untouched
        b.append(ByteBuffer.wrap("ld, again".getBytes()));
        assertThat(new String(b.toByteArray())).isEqualTo("hello worl");
        assertThat(b.seen()).isEqualTo(18);
        assertThat(b.truncated()).isTrue();
        b.reset();
        assertThat(b.size()).isZero();
        assertThat(b.truncated()).isFalse();
        assertThatThrownBy(() -> new BodyBuffer(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
