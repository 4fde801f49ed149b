package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Backstop.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void tsvStartsWithTheScorersHeader() throws Exception {
        Path msg = Files.writeString(dir.resolve("plain.eml"), "From: a@example.org\nSubject: hi\n\nhello\n");
        assertThat(run("inspect", "--format", "tsv", msg.toString())).isZero();
        assertThat(out.toString().lines().findFirst())
                .hasValue("file\trecipient\tdeliverystatus\treplycode\treason\thardbounce\tkind\toriginal_message_id");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void anUnreadablePathFailsTheRunButTheOthersAreRead() throws Exception {
        Path msg = Files.writeString(dir.resolve("plain.eml"), "Subject: hi\n\nhello\n");
        int code = run("inspect", "--format", "json", dir.resolve("gone.eml").toString(), msg.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("gone.eml: no such file or directory");
        assertThat(out.toString()).contains("\"file\" : \"" + msg + "\"").contains("\"kind\" : \"not-a-bounce\"");
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        assertThat(run("inspect", "--format", "xml", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--format");
    }

    @Test
    void plainArgumentsMeanWhatPicocliMakesOfThem() {
        String[][] cases = {
            {"inspect", "a.eml"},
            {"inspect", "--format", "tsv", "dir", "-"},
            {"inspect", "--format=json", "--threads", "3", "x", "y"},
            {"inspect", "--threads=1", "a", "--format", "table"},
        };
        for (String[] args : cases) {
            InspectCommand plain = InspectCommand.plain(args);
            assertThat(plain).as(String.join(" ", args)).isNotNull();
            CommandLine cli = Backstop.commandLine();
            InspectCommand parsed = (InspectCommand) cli.parseArgs(args).subcommand().commandSpec().userObject();
            assertThat(plain.format).isEqualTo(parsed.format);
            assertThat(plain.threads).isEqualTo(parsed.threads);
            assertThat(plain.paths).isEqualTo(parsed.paths);
        }
    }

    @Test
    void anythingButPlainArgumentsIsLeftToPicocli() {
        String[][] cases = {
            {"inspect"}, {"inspect", "--help"}, {"inspect", "-h", "a"}, {"inspect", "--format", "TSV", "a"},
            {"inspect", "--format", "tsv", "--format", "json", "a"}, {"inspect", "--threads", "x", "a"},
            {"inspect", "--format"}, {"inspect", "--", "a"}, {"inspect", "@args"}, {"inspect", "--format", "tsv"},
            {"replay", "a"}, {"inspect", "-V", "a"},
        };
        for (String[] args : cases) {
            assertThat(InspectCommand.plain(args)).as(String.join(" ", args)).isNull();
        }
    }
}
