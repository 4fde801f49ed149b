package dev.backstop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordHashTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void verifiesTheRightPasswordOnly() {
        String h = PasswordHash.hash("s3cret-enough".toCharArray(), RANDOM, PasswordHash.MIN_ITERATIONS);
        assertThat(PasswordHash.verify("s3cret-enough".toCharArray(), h)).isTrue();
        assertThat(PasswordHash.verify("s3cret-enougH".toCharArray(), h)).isFalse();
        assertThat(PasswordHash.verify("".toCharArray(), h)).isFalse();
    }

    @Test
    void saltedSlowAndSelfDescribing() {
        String a = PasswordHash.hash("same".toCharArray(), RANDOM, PasswordHash.MIN_ITERATIONS);
        String b = PasswordHash.hash("same".toCharArray(), RANDOM, PasswordHash.MIN_ITERATIONS);
        assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$210000$");
        assertThat(PasswordHash.ITERATIONS).isGreaterThanOrEqualTo(210_000);
        assertThat(PasswordHash.wellFormed(a)).isTrue();
    }

    @Test
    void refusesWeakOrMalformedStoredHashes() {
        String weak = PasswordHash.hash("pw".toCharArray(), RANDOM, 1000);
        assertThat(PasswordHash.verify("pw".toCharArray(), weak)).isFalse();
        assertThat(PasswordHash.wellFormed(weak)).isFalse();
        for (String bad : new String[] {"", "plain", "pbkdf2-sha256$x$y$z", "md5$210000$AAAA$BBBB",
            "pbkdf2-sha256$210000$!!!$???", "pbkdf2-sha256$999999999$AAAAAAAAAAA$AAAA"}) {
            assertThat(PasswordHash.verify("pw".toCharArray(), bad)).as(bad).isFalse();
        }
    }

    @Test
    void adminPasswordFileIsPrivateAndReplaceable(@TempDir Path dir) throws Exception {
        AdminPassword p = AdminPassword.inDataDir(dir);
        assertThat(p.isSet()).isFalse();
        assertThat(p.verify("anything at all".toCharArray())).isFalse();
        char[] first = "first password".toCharArray();
        p.set(first);
        assertThat(first).containsOnly('\0'); // wiped
        assertThat(p.isSet()).isTrue();
        assertThat(Files.getPosixFilePermissions(p.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(p.file())).doesNotContain("first password").startsWith("pbkdf2-sha256$600000$");
        assertThat(p.verify("first password".toCharArray())).isTrue();
        p.set("second password".toCharArray());
        assertThat(p.verify("first password".toCharArray())).isFalse();
        assertThat(p.verify("second password".toCharArray())).isTrue();
        assertThatThrownBy(() -> p.set("short".toCharArray())).hasMessageContaining("10 to 1024");
    }
}
