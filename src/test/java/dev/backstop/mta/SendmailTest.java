package dev.backstop.mta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendmailTest {
    @TempDir
    Path dir;

    /** A stand-in sendmail that records its arguments and input, so the test sees exactly what would run. */
    private Path fakeSendmail(int exit) throws Exception {
        Path script = dir.resolve("sendmail");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + dir.resolve("args") + "\ncat > "
                + dir.resolve("stdin") + "\nexit " + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void passesAddressesAsArgumentsAfterDoubleDash() throws Exception {
        Sendmail s = new Sendmail(fakeSendmail(0), dir.resolve("pf"), Duration.ofSeconds(10));
        s.submit("Subject: x\n\nbody\n".getBytes(StandardCharsets.US_ASCII), "", List.of("a@example.com", "b;rm@x"));
        assertThat(Files.readAllLines(dir.resolve("args")))
                .containsExactly("-C", dir.resolve("pf").toString(), "-i", "-f", "<>", "--", "a@example.com", "b;rm@x");
        assertThat(Files.readString(dir.resolve("stdin"))).isEqualTo("Subject: x\n\nbody\n");
    }

    @Test
    void refusesAddressesThatCouldBeOptionsOrCarryControlCharacters() throws Exception {
        Sendmail s = new Sendmail(fakeSendmail(0), null, Duration.ofSeconds(10));
        assertThatThrownBy(() -> s.submit(new byte[0], "x@y", List.of("-oQ/tmp/evil")))
                .hasMessageContaining("unsafe address '-oQ/tmp/evil'");
        assertThatThrownBy(() -> s.submit(new byte[0], "x@y\nRCPT TO:<z>", List.of("a@b")))
                .hasMessageContaining("unsafe address");
        assertThat(dir.resolve("args")).doesNotExist();
    }

    @Test
    void aFailingCommandIsReported() throws Exception {
        Sendmail s = new Sendmail(fakeSendmail(75), null, Duration.ofSeconds(10));
        assertThatThrownBy(() -> s.submit(new byte[0], "x@y", List.of("a@b"))).hasMessageContaining("exited 75");
    }
}
