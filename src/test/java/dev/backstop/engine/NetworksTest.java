package dev.backstop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworksTest {
    private final Networks n = Networks.parse(List.of("127.0.0.0/8", "::1", "192.0.2.128/25", "2001:db8::/32"));

    @Test
    void matchesAddressesInsideTheNetworksOnly() {
        assertThat(n.contains("127.0.0.1")).isTrue();
        assertThat(n.contains("127.255.1.2")).isTrue();
        assertThat(n.contains("128.0.0.1")).isFalse();
        assertThat(n.contains("192.0.2.200")).isTrue();
        assertThat(n.contains("192.0.2.100")).isFalse();
        assertThat(n.contains("::1")).isTrue();
        assertThat(n.contains("[IPv6:2001:db8:1::5]")).isTrue();
        assertThat(n.contains("2001:db9::1")).isFalse();
    }

    @Test
    void neverResolvesNamesAndRejectsGarbage() {
        assertThat(n.contains("localhost")).isFalse();
        assertThat(n.contains("")).isFalse();
        assertThat(n.contains("999.1.1.1")).isFalse();
        assertThatThrownBy(() -> Networks.parse(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> Networks.parse(List.of("mail.example.com"))).hasMessageContaining("mail.example.com");
    }
}
