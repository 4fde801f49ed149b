package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.BackstopConfig;
import dev.backstop.store.SqliteStore;
import dev.backstop.store.Store;
import dev.backstop.web.AdminPassword;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PasswdCommandTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int passwd(String stdin) throws Exception {
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, "data_dir: " + dir.resolve("data") + "\n");
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            CommandLine cli = Backstop.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            return cli.execute("passwd", "--config", config.toString());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void setsTheHashFromOneLineOfStandardInputAndAuditsIt() throws Exception {
        assertThat(passwd("a long enough secret\n")).as(err.toString()).isZero();
        AdminPassword p = AdminPassword.inDataDir(dir.resolve("data"));
        assertThat(p.verify("a long enough secret".toCharArray())).isTrue();
        assertThat(Files.readString(p.file())).doesNotContain("secret");
        assertThat(out.toString()).contains("admin password set");
        try (Store store = SqliteStore.fromConfig(BackstopConfig.load(dir.resolve("backstop.yml")), Clock.systemUTC())) {
            assertThat(store.audit().recent(5)).anyMatch(a -> a.action().equals("passwd"));
        }
    }

    @Test
    void refusesAShortOrMissingPasswordAndChangesNothing() throws Exception {
        assertThat(passwd("short\n")).isEqualTo(1);
        assertThat(err.toString()).contains("10 to 1024").contains("nothing changed");
        assertThat(passwd("")).isEqualTo(1);
        assertThat(AdminPassword.inDataDir(dir.resolve("data")).isSet()).isFalse();
    }
}
