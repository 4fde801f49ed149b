package dev.backstop.bounce;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prints the reader's results as TSV for {@code score.py}:
 * {@code file recipient status replycode reason hardbounce kind original_message_id}.
 * Usage: {@code TsvDump PATH...} (files or directories of .eml).
 */
public final class TsvDump {
    public static final String HEADER = "file\trecipient\tstatus\treplycode\treason\thardbounce\tkind\toriginal_message_id";

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.println(HEADER);
        BounceReader reader = new BounceReader();
        for (String a : args) {
            for (Path p : files(Path.of(a))) {
                for (String row : rows(p.getFileName().toString(), reader.read(Files.readAllBytes(p)))) {
                    out.println(row);
                }
            }
        }
        out.flush();
    }

    static List<Path> files(Path p) {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(x -> x.toString().endsWith(".eml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> rows(String file, BounceReport r) {
        List<String> out = new ArrayList<>();
        for (BounceRecipient x : r.recipients()) {
            out.add(String.join("\t", file, x.address(), x.status(), x.replyCode(), x.reason().label(),
                    x.hard() ? "1" : "0", r.kind().label(), r.original().messageId()).replace("\n", " "));
        }
        return out;
    }
}
