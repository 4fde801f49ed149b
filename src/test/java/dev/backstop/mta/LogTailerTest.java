package dev.backstop.mta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailerTest {

    @TempDir
    Path dir;

    private final List<String> got = new ArrayList<>();
    private final List<Long> overlong = new ArrayList<>();
    private final LogTailer.LineSink sink = new LogTailer.LineSink() {
        @Override
        public void line(String line) {
            got.add(line);
        }

        @Override
        public void overlong(String head, long length) {
            overlong.add(length);
        }
    };

    private Path log() {
        return dir.resolve("maillog");
    }

    private Path state() {
        return dir.resolve("tail.state");
    }

    private LogTailer tailer(boolean fromStart) {
        return new LogTailer(new LogTailer.Config(log(), state(), Duration.ofMillis(250), 1024, fromStart), sink);
    }

    private void append(Path f, String text) throws IOException {
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void readsAppendedLinesAndKeepsAPartialLineUntilItsNewlineArrives() throws IOException {
        append(log(), "one\ntwo\nthr");
        try (LogTailer t = tailer(true)) {
            assertThat(t.poll()).isEqualTo(2);
            assertThat(got).containsExactly("one", "two");
            assertThat(t.offset()).isEqualTo(8);
            assertThat(t.poll()).isZero();
            append(log(), "ee\r\nfour\n");
            assertThat(t.poll()).isEqualTo(2);
            assertThat(got).containsExactly("one", "two", "three", "four");
        }
    }

    @Test
    void withoutStateItStartsAtTheEndUnlessToldToReadFromTheStart() throws IOException {
        append(log(), "old 1\nold 2\n");
        try (LogTailer t = tailer(false)) {
            assertThat(t.poll()).isZero();
            append(log(), "new\n");
            t.poll();
        }
        assertThat(got).containsExactly("new");
    }

    @Test
    void aMissingFileIsWaitedFor() throws IOException {
        try (LogTailer t = tailer(false)) {
            assertThat(t.poll()).isZero();
            append(log(), "first\n");
            t.poll();
            assertThat(got).containsExactly("first");
        }
    }

    @Test
    void renameRotationFinishesTheOldFileThenReadsTheNewOneFromTheStart() throws IOException {
        append(log(), "a1\na2\n");
        try (LogTailer t = tailer(true)) {
            t.poll();
            append(log(), "a3\na4-without-newline");
            Files.move(log(), dir.resolve("maillog.1"));
            assertThat(t.poll()).as("no new file yet: the old one is still read").isEqualTo(1);
            append(log(), "b1\nb2\n");
            t.poll();
            assertThat(got).containsExactly("a1", "a2", "a3", "a4-without-newline", "b1", "b2");
            assertThat(t.rotations()).isEqualTo(1);
            append(log(), "b3\n");
            t.poll();
            assertThat(got).endsWith("b2", "b3");
        }
    }

    @Test
    void copytruncateIsNoticedBySizeAndByChangedFirstBytes() throws IOException {
        append(log(), "a1 some text\na2 some text\n");
        try (LogTailer t = tailer(true)) {
            t.poll();
            Files.copy(log(), dir.resolve("maillog.1"));
            try (FileChannel c = FileChannel.open(log(), StandardOpenOption.WRITE)) {
                c.truncate(0);
            }
            append(log(), "b1\n");
            t.poll();
            assertThat(got).containsExactly("a1 some text", "a2 some text", "b1");
            // truncated again and regrown past our offset before the next poll: only the first bytes tell
            try (FileChannel c = FileChannel.open(log(), StandardOpenOption.WRITE)) {
                c.truncate(0);
            }
            append(log(), "c1 a longer line than before\nc2\n");
            t.poll();
            assertThat(got).containsExactly("a1 some text", "a2 some text", "b1", "c1 a longer line than before", "c2");
            assertThat(t.rotations()).isEqualTo(2);
        }
    }

    @Test
    void aRestartedTailerResumesWhereItStopped() throws IOException {
        append(log(), "l1\nl2\nhalf");
        try (LogTailer t = tailer(true)) {
            t.poll();
        }
        assertThat(Files.readString(state())).contains("offset=6");
        append(log(), "-line\nl4\n");
        got.clear();
        try (LogTailer t = tailer(true)) {
            t.poll();
        }
        assertThat(got).containsExactly("half-line", "l4");
    }

    @Test
    void aRestartAfterARenameRotationFinishesTheRotatedFileFirst() throws IOException {
        append(log(), "l1\n");
        try (LogTailer t = tailer(true)) {
            t.poll();
        }
        append(log(), "l2\n");
        Files.move(log(), dir.resolve("maillog.1"));
        Files.writeString(dir.resolve("maillog.2.gz"), "not a log");
        append(log(), "n1\n");
        got.clear();
        try (LogTailer t = tailer(true)) {
            t.poll();
        }
        assertThat(got).containsExactly("l2", "n1");
    }

    @Test
    void aFileReplacedWhileStoppedIsReadFromTheStart() throws IOException {
        append(log(), "x1 original content\nx2\n");
        try (LogTailer t = tailer(true)) {
            t.poll();
        }
        // same name, same size or larger, different content (e.g. restored or truncated and regrown)
        try (FileChannel c = FileChannel.open(log(), StandardOpenOption.WRITE)) {
            c.truncate(0);
        }
        append(log(), "y1 entirely different text\ny2\n");
        got.clear();
        try (LogTailer t = tailer(true)) {
            t.poll();
        }
        assertThat(got).containsExactly("y1 entirely different text", "y2");
    }

    @Test
    void aCorruptStateFileMeansNoState() throws IOException {
        append(log(), "k1\n");
        Files.writeString(state(), "offset=banana\n\u0000");
        try (LogTailer t = tailer(true)) {
            t.poll();
        }
        assertThat(got).containsExactly("k1");
    }

    @Test
    void aMegabyteLineIsReportedByLengthWithoutBufferingIt() throws IOException {
        append(log(), "before\n" + "x".repeat(1 << 20) + "\nafter\n");
        try (LogTailer t = tailer(true)) {
            t.poll();
        }
        assertThat(got).containsExactly("before", "after");
        assertThat(overlong).containsExactly((long) (1 << 20));
    }

    @Test
    void aThrowingSinkCostsOneLine() throws IOException {
        append(log(), "ok1\nboom\nok2\n");
        List<String> seen = new ArrayList<>();
        try (LogTailer t = new LogTailer(LogTailer.Config.of(log(), null), l -> {
            if (l.equals("boom")) {
                throw new IllegalStateException("sink bug");
            }
            seen.add(l);
        })) {
            // Config.of starts at the end: append after the first poll
            t.poll();
            append(log(), "ok3\nboom\nok4\n");
            t.poll();
            assertThat(seen).containsExactly("ok3", "ok4");
            assertThat(t.sinkFailures()).isEqualTo(1);
        }
    }

    @Test
    void runPollsUntilClosedSleepingBetweenEmptyPolls() throws Exception {
        append(log(), "r1\n");
        List<Duration> sleeps = new ArrayList<>();
        LogTailer[] holder = new LogTailer[1];
        LogTailer t = new LogTailer(new LogTailer.Config(log(), state(), Duration.ofMillis(250), 1024, true), sink, d -> {
            sleeps.add(d);
            try {
                if (sleeps.size() == 1) {
                    append(log(), "r2\n");
                } else {
                    holder[0].close();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        holder[0] = t;
        t.run();
        assertThat(got).containsExactly("r1", "r2");
        assertThat(sleeps).hasSize(2).allMatch(d -> d.equals(Duration.ofMillis(250)));
    }
}
