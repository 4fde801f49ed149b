package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageInputsTest {
    @TempDir
    Path dir;

    private final List<String> errors = new ArrayList<>();
    private final MessageInputs inputs = new MessageInputs(errors::add);

    private static String text(MessageInput m) {
        return new String(m.raw(), StandardCharsets.UTF_8);
    }

    @Test
    void splitsAnMboxAndUndoesFromQuoting() throws Exception {
        Path mbox = dir.resolve("box");
        Files.writeString(mbox, "From MAILER-DAEMON Thu Nov 26 10:00:00 2026\nSubject: one\n\n>From here\nbody\n\n"
                + "From x@y Thu Nov 26 10:00:01 2026\nSubject: two\n\nFrom inside a line is fine\n");
        List<MessageInput> got = inputs.readAll(List.of(mbox.toString()), InputStream.nullInputStream());
        assertThat(got).extracting(MessageInput::name).containsExactly(mbox + "#1", mbox + "#2");
        assertThat(text(got.get(0)))
                .isEqualTo("From MAILER-DAEMON Thu Nov 26 10:00:00 2026\nSubject: one\n\nFrom here\nbody\n");
        assertThat(text(got.get(1)))
                .isEqualTo("From x@y Thu Nov 26 10:00:01 2026\nSubject: two\n\nFrom inside a line is fine\n");
        assertThat(errors).isEmpty();
    }

    @Test
    void aFileWithOneMessageAndItsEnvelopeLineKeepsItsName() throws Exception {
        Path one = dir.resolve("bounce.eml");
        Files.writeString(one, "From MAILER-DAEMON Thu Nov 26 10:00:00 2026\nSubject: only\n\nbody\n");
        List<MessageInput> got = inputs.readAll(List.of(one.toString()), InputStream.nullInputStream());
        assertThat(got).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo(one.toString());
            assertThat(text(m)).isEqualTo("From MAILER-DAEMON Thu Nov 26 10:00:00 2026\nSubject: only\n\nbody\n");
        });
    }

    @Test
    void walksADirectoryInNameOrderAndReportsMissingPathsButReadsTheRest() throws Exception {
        Files.createDirectories(dir.resolve("d/sub"));
        Files.writeString(dir.resolve("d/b.eml"), "Subject: b\n\n");
        Files.writeString(dir.resolve("d/sub/a.eml"), "Subject: a\n\n");
        Files.writeString(dir.resolve("d/a.eml"), "Subject: a0\n\n");
        List<MessageInput> got = new ArrayList<>();
        int failed = inputs.forEach(List.of(dir.resolve("missing").toString(), dir.resolve("d").toString()),
                InputStream.nullInputStream(), got::add);
        assertThat(failed).isEqualTo(1);
        assertThat(errors).singleElement().asString().contains("missing").contains("no such file");
        assertThat(got).extracting(m -> dir.relativize(Path.of(m.name())).toString())
                .containsExactly("d/a.eml", "d/b.eml", "d/sub/a.eml");
    }

    @Test
    void aDirectoryWalkKeepsLinksToFilesAndEmptyFilesAndReadsEachWhole() throws Exception {
        Files.createDirectories(dir.resolve("d"));
        Files.createDirectories(dir.resolve("elsewhere"));
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        Files.write(dir.resolve("d/big.eml"), big);
        Files.write(dir.resolve("d/empty.eml"), new byte[0]);
        Files.writeString(dir.resolve("elsewhere/target.eml"), "Subject: linked\n\n");
        Files.createSymbolicLink(dir.resolve("d/link.eml"), dir.resolve("elsewhere/target.eml"));
        Files.createSymbolicLink(dir.resolve("d/dirlink"), dir.resolve("elsewhere"));
        List<MessageInput> got = inputs.readAll(List.of(dir.resolve("d").toString()), InputStream.nullInputStream());
        assertThat(got).extracting(m -> dir.relativize(Path.of(m.name())).toString())
                .containsExactly("d/big.eml", "d/empty.eml", "d/link.eml");
        assertThat(got.get(0).raw()).isEqualTo(big);
        assertThat(got.get(1).raw()).isEmpty();
        assertThat(text(got.get(2))).isEqualTo("Subject: linked\n\n");
        assertThat(errors).isEmpty();
    }

    @Test
    void theDirectoryListingFindsWhatAWalkForRegularFilesFindsInTheSameOrder() throws Exception {
        Path d = dir.resolve("tree");
        Files.createDirectories(d.resolve("b/inner"));
        Files.createDirectories(d.resolve("elsewhere"));
        for (String f : new String[] {"a", "b.c", "b0", "b/x", "b/inner/y", "B", "elsewhere/t", "\u00e9t\u00e9", "-dash"}) {
            Files.writeString(d.resolve(f), f);
        }
        Files.createSymbolicLink(d.resolve("link-to-file"), d.resolve("elsewhere/t"));
        Files.createSymbolicLink(d.resolve("link-to-dir"), d.resolve("elsewhere"));
        Files.createSymbolicLink(d.resolve("broken"), d.resolve("nowhere"));
        Files.createSymbolicLink(dir.resolve("link-to-tree"), d);
        for (Path start : List.of(d, dir.resolve("link-to-tree"))) {
            List<Path> walked;
            try (java.util.stream.Stream<Path> w = Files.walk(start)) {
                walked = w.filter(Files::isRegularFile).sorted().toList();
            }
            assertThat(regularFilesUnder(start)).extracting(Found::path)
                    .containsExactlyElementsOf(walked);
        }
        assertThat(regularFilesUnder(d)).hasSize(10)
                .filteredOn(f -> f.path().endsWith("b0")).singleElement().extracting(Found::size).isEqualTo(2L);
    }

    /** Punctuation, '?' and a nested directory: the walk keeps the paths' (byte) order, as Files.walk sorted does. */
    @Test
    void namesWithPunctuationComeInPathOrder() throws Exception {
        Path d = dir.resolve("ascii");
        Files.createDirectories(d.resolve("m/n"));
        Files.createDirectories(d.resolve("q"));
        String[] names = {" lead", "!bang", "#1", "-", ".dot", "0", "9z", "A", "Z", "[x]", "_u", "a", "a b", "a.b",
            "ab", "m.x", "m0", "z~", "~tilde", "m/n/deep", "m/top", "q/with?mark", "q/b", "q/A"};
        for (String f : names) {
            Files.writeString(d.resolve(f), f);
        }
        List<Path> walked;
        try (java.util.stream.Stream<Path> w = Files.walk(d)) {
            walked = w.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(regularFilesUnder(d)).extracting(Found::path).containsExactlyElementsOf(walked);
        assertThat(regularFilesUnder(d.resolve("m"))).extracting(Found::path)
                .containsExactly(d.resolve("m/n/deep"), d.resolve("m/top"));
    }

    /** A regular file the walk handed on, with the size its look-up gave. */
    private record Found(Path path, long size) {}

    private static List<Found> regularFilesUnder(Path dir) throws java.io.IOException {
        List<Found> out = new ArrayList<>();
        MessageInputs.forEachRegularFile(dir, (file, size) -> out.add(new Found(file, size)), (d, e) -> {
            throw new java.io.UncheckedIOException(e);
        });
        return out;
    }

    @Test
    void readsStandardInput() {
        byte[] raw = "Subject: stdin\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        List<MessageInput> got = inputs.readAll(List.of("-"), new ByteArrayInputStream(raw));
        assertThat(got).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("-");
            assertThat(m.raw()).isEqualTo(raw);
        });
    }
}
