package dev.backstop.milter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MilterEndpointTest {

    @Test
    void postfixAndSendmailNotations() {
        assertThat(MilterEndpoint.parse("inet:127.0.0.1:8830")).isEqualTo(new MilterEndpoint.Inet("127.0.0.1", 8830));
        assertThat(MilterEndpoint.parse("inet:8830@127.0.0.1")).isEqualTo(new MilterEndpoint.Inet("127.0.0.1", 8830));
        assertThat(MilterEndpoint.parse("inet:localhost:25")).isEqualTo(new MilterEndpoint.Inet("localhost", 25));
        assertThat(MilterEndpoint.parse("inet:[::1]:8830")).isEqualTo(new MilterEndpoint.Inet("::1", 8830));
        assertThat(MilterEndpoint.parse("inet6:8830@[::1]")).isEqualTo(new MilterEndpoint.Inet("::1", 8830));
        assertThat(MilterEndpoint.parse("inet:8830")).isEqualTo(new MilterEndpoint.Inet("127.0.0.1", 8830));
        assertThat(MilterEndpoint.parse("unix:/run/backstop/milter.sock"))
                .isEqualTo(new MilterEndpoint.Unix(Path.of("/run/backstop/milter.sock")));
        assertThat(MilterEndpoint.parse("local:/tmp/m.sock")).isEqualTo(new MilterEndpoint.Unix(Path.of("/tmp/m.sock")));
        assertThat(MilterEndpoint.parse("inet:[::1]:8830").toString()).isEqualTo("inet:[::1]:8830");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8830", "tcp:127.0.0.1:8830", "inet:", "inet:127.0.0.1:", "inet:127.0.0.1:99999",
        "inet:127.0.0.1:-1", "inet:host:port", "inet::8830", "inet:::1:8830", "inet:[::1]8830", "unix:relative.sock",
        "unix:", "inet:@host", "inet:88x@host"})
    void badNotationsNameTheValue(String spec) {
        assertThatThrownBy(() -> MilterEndpoint.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("milter endpoint");
    }
}
