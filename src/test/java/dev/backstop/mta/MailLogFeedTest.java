package dev.backstop.mta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailLogFeedTest {

    private static final String MUTANTS = "<>[]()\":=, \u0000\u00ff-*";

    @TempDir
    Path dir;

    @Test
    void replayReadsAWholeOldLogIncludingAnUnterminatedLastLineAndAHugeLine() throws IOException {
        List<String> real = MailLogParserTest.resource("postfix-3.7-maillog.txt");
        String text = String.join("\n", real) + "\n" + "Nov 26 23:59:59 pf1 postfix/smtp[1]: " + "x".repeat(1 << 20) + "\n"
                + "Nov 26 23:59:59 pf1 postfix/qmgr[1]: 3149321403A: removed";
        Path f = Files.writeString(dir.resolve("old.log"), text, StandardCharsets.ISO_8859_1);
        MailLogParser p = new MailLogParser(MailLogParser.Format.POSTFIX, MailLogParserTest.CLOCK, ZoneOffset.UTC, new LogDefects(5));
        List<LogEvent> events = new ArrayList<>();
        long lines = MailLogFeed.replay(f, p, events::add);
        assertThat(lines).isEqualTo(real.size() + 2);
        assertThat(events).last().isInstanceOf(LogEvent.Removed.class);
        assertThat(p.defects().count()).isEqualTo(1);
        assertThat(p.defects().recent().get(0).reason()).contains("longer than");
    }

    /** Mutated real lines (cut, bytes flipped, fields doubled) never make the parser itself fail. */
    @Test
    void mutatedRealLinesAreEventsIgnoredLinesOrDefectsButNeverParserFailures() throws IOException {
        List<String> corpus = new ArrayList<>(MailLogParserTest.resource("postfix-3.7-maillog.txt"));
        corpus.addAll(MailLogParserTest.resource("postfix-syslog-variants.txt"));
        List<String> exim = MailLogParserTest.resource("exim-mainlog.txt");
        Random rnd = new Random(42);
        for (MailLogParser.Format format : MailLogParser.Format.values()) {
            List<String> lines = format == MailLogParser.Format.EXIM ? exim : corpus;
            LogDefects d = new LogDefects(100_000);
            MailLogParser p = new MailLogParser(format, MailLogParserTest.CLOCK, ZoneOffset.UTC, d);
            for (int i = 0; i < 50_000; i++) {
                String l = lines.get(rnd.nextInt(lines.size()));
                StringBuilder b = new StringBuilder(l);
                switch (rnd.nextInt(5)) {
                    case 0 -> b.setLength(rnd.nextInt(l.length() + 1));
                    case 1 -> b.setCharAt(rnd.nextInt(l.length()), MUTANTS.charAt(rnd.nextInt(MUTANTS.length())));
                    case 2 -> b.insert(rnd.nextInt(l.length()), l.substring(rnd.nextInt(l.length())));
                    case 3 -> b.delete(rnd.nextInt(l.length()), l.length()).append(">, status=");
                    default -> b.reverse();
                }
                p.parse(b.toString());
            }
            assertThat(d.recent()).as(format.name()).noneMatch(x -> x.reason().startsWith("parser failure"));
        }
    }
}
