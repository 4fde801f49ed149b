package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.BackstopConfig;
import dev.backstop.store.QuarantineEntry;
import dev.backstop.store.QuarantineStatus;
import dev.backstop.store.SqliteStore;
import dev.backstop.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The admin commands in-process, on a real SQLite file, with a stand-in sendmail that records what it got. */
class AdminCommandsTest {
    @TempDir
    Path dir;

    private Path config;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        Path sendmail = dir.resolve("sendmail");
        Files.writeString(sendmail, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + dir.resolve("args") + "\ncat > "
                + dir.resolve("stdin") + "\n");
        Files.setPosixFilePermissions(sendmail, PosixFilePermissions.fromString("rwx------"));
        config = dir.resolve("backstop.yml");
        Files.writeString(config, "data_dir: " + dir.resolve("data") + "\nbatv:\n  domains: [example.com]\n  keys:\n"
                + "    0: admin-test-secret-000001\ninbound:\n  quarantine:\n    release_command: " + sendmail + "\n");
    }

    private int run(String... args) {
        CommandLine cli = Backstop.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private long quarantineOne() {
        BackstopConfig c = BackstopConfig.load(config);
        try (Store store = SqliteStore.fromConfig(c, Clock.systemUTC())) {
            return store.quarantine().put(new QuarantineEntry(Instant.now(), "", List.of("alice@example.com"),
                    "<m1@example.com>", "Undelivered Mail", "unknown", "{}",
                    "Subject: Undelivered Mail\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII))).id();
        }
    }

    @Test
    void batvSignThenVerifyRoundTrips() {
        assertThat(run("batv", "sign", "-c", config.toString(), "alice@example.com")).isZero();
        String tagged = out.toString().strip();
        assertThat(tagged).matches("prvs=0\\d{3}[0-9a-f]{6}=alice@example.com");
        out.getBuffer().setLength(0);
        assertThat(run("batv", "verify", "-c", config.toString(), tagged)).isZero();
        assertThat(out.toString()).startsWith("valid\talice@example.com");
        out.getBuffer().setLength(0);
        String broken = tagged.replace("=alice", "=mallory");
        assertThat(run("batv", "verify", "-c", config.toString(), broken)).isEqualTo(1);
        assertThat(out.toString()).startsWith("bad_signature");
    }

    @Test
    void batvSignSaysWhyItDidNotSignAForeignDomain() {
        assertThat(run("batv", "sign", "-c", config.toString(), "bob@other.example.org")).isEqualTo(1);
        assertThat(err.toString()).contains("not in batv.domains");
    }

    @Test
    void quarantineListShowReleaseRecordsWhoAndWhen() throws Exception {
        long id = quarantineOne();
        assertThat(run("quarantine", "list", "-c", config.toString())).isZero();
        assertThat(out.toString()).contains(id + "\t").contains("alice@example.com").contains("Undelivered Mail");
        assertThat(run("quarantine", "show", "-c", config.toString(), Long.toString(id))).isZero();
        assertThat(out.toString()).contains("verdict: unknown").contains("Subject: Undelivered Mail");

        assertThat(run("quarantine", "release", "-c", config.toString(), Long.toString(id))).isZero();
        assertThat(Files.readAllLines(dir.resolve("args"))).containsExactly("-i", "-f", "<>", "--", "alice@example.com");
        assertThat(Files.readString(dir.resolve("stdin"))).startsWith("X-Backstop-Released: " + id + " by cli:")
                .contains("Subject: Undelivered Mail");
        try (Store store = SqliteStore.fromConfig(BackstopConfig.load(config), Clock.systemUTC())) {
            assertThat(store.quarantine().get(id).orElseThrow().item().status()).isEqualTo(QuarantineStatus.RELEASED);
            assertThat(store.audit().recent(1)).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("quarantine.release");
                assertThat(a.actor()).startsWith("cli:");
            });
        }
        // a second release finds nothing held
        assertThat(run("quarantine", "release", "-c", config.toString(), Long.toString(id))).isEqualTo(1);
        assertThat(err.toString()).contains("not held (released)");
    }

    @Test
    void deleteAndUnknownIds() {
        long id = quarantineOne();
        assertThat(run("quarantine", "delete", "-c", config.toString(), Long.toString(id))).isZero();
        assertThat(run("quarantine", "show", "-c", config.toString(), "999")).isEqualTo(1);
        assertThat(err.toString()).contains("no message 999");
    }

    @Test
    void aBadConfigurationNamesTheKeyAndExits78() throws Exception {
        Files.writeString(config, "inbound:\n  actions:\n    genuine: deliverr\n");
        assertThat(run("quarantine", "list", "-c", config.toString())).isEqualTo(78);
        assertThat(err.toString()).contains("inbound.actions.genuine").contains("deliverr");
    }
}
