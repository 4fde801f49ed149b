package dev.backstop.batv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatvTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private BackstopConfig config(String batvYaml) {
        return BackstopConfig.parse("data_dir: " + dir + "\nbatv:\n" + batvYaml.indent(2), "test");
    }

    private static SecretSource fixed(byte b) {
        return n -> {
            byte[] out = new byte[n];
            Arrays.fill(out, b);
            return out;
        };
    }

    @Test
    void firstStartCreatesAnOwnerOnlyKeyFileAndReusesIt() throws Exception {
        BackstopConfig c = config("domains: [example.com]");
        Batv first = Batv.fromConfig(c.batv(), CLOCK, fixed((byte) 1));
        Path keyFile = dir.resolve("batv.keys");
        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String signed = first.sign("alice@example.com");
        assertThat(signed).startsWith("prvs=0");
        // a second start reads the same key (a different random source would make a different one)
        Batv second = Batv.fromConfig(c.batv(), CLOCK, fixed((byte) 2));
        assertThat(second.verify(signed).status()).isEqualTo(BatvStatus.VALID);
        assertThat(Files.readString(keyFile)).doesNotContain(" \n").contains("0 AQEBAQEB");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("batv.keys");
        }
    }

    @Test
    void signsOnlyConfiguredDomains() {
        Batv batv = Batv.fromConfig(config("domains: [example.com]").batv(), CLOCK, fixed((byte) 1));
        assertThat(batv.sign("alice@example.com")).startsWith("prvs=");
        assertThat(batv.sign("alice@EXAMPLE.com")).startsWith("prvs=");
        assertThat(batv.sign("alice@sub.example.com")).isEqualTo("alice@sub.example.com");
        assertThat(batv.sign("alice@other.example")).isEqualTo("alice@other.example");
        assertThat(batv.sign("")).isEmpty();
        assertThat(batv.isSigningDomain("prvs=0520c07a26=alice@example.com")).isTrue();
        assertThat(batv.strict()).isFalse();
    }

    @Test
    void inlineKeysWithRotationByFile() throws Exception {
        BackstopConfig c = config("""
                domains: [example.com]
                mode: strict
                keys: {0: "old-secret-0123456789", 1: "new-secret-0123456789"}
                """);
        Batv batv = Batv.fromConfig(c.batv(), CLOCK);
        assertThat(batv.sign("a@example.com")).startsWith("prvs=1");
        assertThat(batv.strict()).isTrue();
        assertThat(dir.resolve("batv.keys")).doesNotExist();
        String byOld = Batv.of(KeyRing.of(0, java.util.List.of(BatvKey.of(0, "old-secret-0123456789"))),
                java.util.Set.of("example.com"), BackstopConfig.BatvMode.NORMAL, 7, CLOCK).sign("a@example.com");
        assertThat(batv.verify(byOld).status()).isEqualTo(BatvStatus.VALID);

        Files.writeString(dir.resolve("batv.keys"), "# rotated\n0 old-secret-0123456789\n1 new-secret-0123456789\n");
        Batv fromFile = Batv.fromConfig(config("domains: [example.com]").batv(), CLOCK);
        assertThat(fromFile.sign("a@example.com")).startsWith("prvs=1");
        assertThat(fromFile.verify(byOld).status()).isEqualTo(BatvStatus.VALID);
        Batv pinned = Batv.fromConfig(config("domains: [example.com]\nsigning_key: 0").batv(), CLOCK);
        assertThat(pinned.sign("a@example.com")).isEqualTo(byOld);
    }

    @Test
    void badKeyFilesNameTheKeyAndHideTheSecret() throws Exception {
        Path f = dir.resolve("batv.keys");
        Files.writeString(f, "0 tooshort-secret\n");
        assertThatThrownBy(() -> Batv.fromConfig(config("domains: []").batv(), CLOCK))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("batv.key_file: ")
                .hasMessageContaining("line 1").message().doesNotContain("tooshort");
        Files.writeString(f, "# only a comment\n");
        assertThatThrownBy(() -> Batv.fromConfig(config("domains: []").batv(), CLOCK))
                .hasMessageContaining("holds no key");
        Files.writeString(f, "0 abcdefghijklmnopqrstuvwxyz\n0 abcdefghijklmnopqrstuvwxyz\n");
        assertThatThrownBy(() -> Batv.fromConfig(config("domains: []").batv(), CLOCK))
                .hasMessageContaining("key 0 twice");
        Files.writeString(f, "0 abcdefghijklmnopqrstuvwxyz\n");
        assertThatThrownBy(() -> Batv.fromConfig(config("signing_key: 4").batv(), CLOCK))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("batv.signing_key: bad value '4'");
    }

    @Test
    void disabledSignsNothingAndTouchesNoFile() {
        Batv batv = Batv.fromConfig(config("enabled: false\ndomains: [example.com]").batv(), CLOCK);
        assertThat(batv.enabled()).isFalse();
        assertThat(batv.sign("alice@example.com")).isEqualTo("alice@example.com");
        assertThat(batv.verify("alice@example.com").status()).isEqualTo(BatvStatus.NOT_SIGNED);
        assertThat(batv.verify("prvs=0520c07a26=alice@example.com").status()).isEqualTo(BatvStatus.UNKNOWN_KEY);
        assertThat(dir.resolve("batv.keys")).doesNotExist();
    }
}
