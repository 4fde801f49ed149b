package dev.backstop.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Expands command-line paths into messages: a message file, a directory of them (walked in name order), an mbox
 * file (split on its {@code From } lines), or {@code -} for standard input. A path that cannot be read is reported
 * to the error callback and the others are still read.
 */
final class MessageInputs {
    /** A single message larger than this is cut (the reader records the truncation as a defect downstream). */
    static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final Consumer<String> errors;

    MessageInputs(Consumer<String> errors) {
        this.errors = errors;
    }

    /** Calls {@code sink} for every message under {@code paths}; returns the number of paths that failed. */
    int forEach(List<String> paths, InputStream stdin, Consumer<MessageInput> sink) {
        int failed = 0;
        for (String p : paths) {
            try {
                if (p.equals("-")) {
                    readStream("-", stdin, sink);
                } else {
                    failed += readPath(Path.of(p), sink);
                }
            } catch (IOException | RuntimeException e) {
                errors.accept(p + ": " + describe(e));
                failed++;
            }
        }
        return failed;
    }

    private int readPath(Path path, Consumer<MessageInput> sink) throws IOException {
        if (!Files.exists(path)) {
            errors.accept(path + ": no such file or directory");
            return 1;
        }
        if (Files.isDirectory(path)) {
            int[] failed = {0};
            forEachRegularFile(path, (file, size) -> {
                try {
                    readFile(file, size, sink);
                } catch (IOException | RuntimeException e) {
                    errors.accept(file + ": " + describe(e));
                    failed[0]++;
                }
            }, (dir, e) -> {
                errors.accept(dir + ": " + describe(e));
                failed[0]++;
            });
            return failed[0];
        }
        readFile(path, Files.size(path), sink);
        return 0;
    }

    /** Where {@link #forEachRegularFile} hands each file. */
    interface FileSink {
        void accept(Path file, long size);
    }

    /**
     * Hands on the regular files under a directory, links to files included, sub-directories walked but links
     * to directories not, in path order: what {@code Files.walk(dir).filter(Files::isRegularFile).sorted()}
     * gives. Each directory is listed and sorted when its turn comes, and each entry is looked up (one look-up,
     * following links, says whether it is a file or a directory and gives the size {@link #readFile} needs)
     * just before it is handed on. Looking up all 12,580 entries of a directory first took longer than
     * listing them, and no message could be read before that was done.
     *
     * <p>Path order across directories: a directory's entries come where their paths sort, so the sorted
     * listings of the directories being walked are merged, not read one after the other ("b.c" comes before
     * "b/x": '.' sorts before '/').
     *
     * <p>A directory below {@code dir} that cannot be listed goes to {@code unreadable} and the walk goes on;
     * when {@code dir} itself cannot be, this throws.
     */
    static void forEachRegularFile(Path dir, FileSink sink, BiConsumer<Path, IOException> unreadable)
            throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) { // a walk does not enter a start that is a link
            return;
        }
        PriorityQueue<Listing> walking = new PriorityQueue<>();
        Listing top = Listing.of(dir);
        if (top.hasNext()) {
            walking.add(top);
        }
        while (!walking.isEmpty()) {
            Listing l = walking.poll();
            Path p = l.next();
            if (l.hasNext()) {
                walking.add(l); // a flat directory is one listing: no comparisons at all
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (IOException e) {
                continue; // a broken link (or one gone since the listing): not a regular file
            }
            if (a.isRegularFile()) {
                sink.accept(p, a.size());
            } else if (a.isDirectory() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Listing inner;
                try {
                    inner = Listing.of(p); // depth is bounded by the longest path the system allows
                } catch (IOException e) {
                    unreadable.accept(p, e);
                    continue;
                }
                if (inner.hasNext()) {
                    walking.add(inner);
                }
            }
        }
    }

    /** One directory's entries in path order, and how far the walk has come. */
    private static final class Listing implements Comparable<Listing> {
        private final Path[] entries;
        private int next;

        private Listing(Path[] entries) {
            this.entries = entries;
        }

        static Listing of(Path dir) throws IOException {
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    found.add(p);
                }
            }
            Path[] sorted = found.toArray(new Path[0]);
            Arrays.sort(sorted);
            return new Listing(sorted);
        }

        boolean hasNext() {
            return next < entries.length;
        }

        Path next() {
            return entries[next++];
        }

        /** By the entry each listing is at: the merge takes the smallest. */
        @Override
        public int compareTo(Listing o) {
            return entries[next].compareTo(o.entries[o.next]);
        }
    }

    private void readFile(Path file, long size, Consumer<MessageInput> sink) throws IOException {
        if (size <= MAX_MESSAGE_BYTES) {
            // the common case, a file of one message: read it whole, without stream buffers
            byte[] raw = Files.readAllBytes(file);
            if (!startsWith(raw, 0, "From ")) {
                sink.accept(new MessageInput(file.toString(), file.toString(), raw));
                return;
            }
            splitMbox(file.toString(), arrayLines(raw), sink);
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            readStream(file.toString(), in, sink);
        }
    }

    /** Reads one message, or every message of an mbox (recognised by a first line starting with "From "). */
    private void readStream(String name, InputStream raw, Consumer<MessageInput> sink) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(5);
        byte[] head = in.readNBytes(5);
        in.reset();
        if (head.length == 5 && new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).equals("From ")) {
            splitMbox(name, streamLines(in), sink);
        } else {
            sink.accept(new MessageInput(name, name, in.readNBytes(MAX_MESSAGE_BYTES)));
        }
    }

    /**
     * Splits an mboxrd/mboxo stream: a line "From " after a blank line (or at the start) begins a message and
     * stays with it as its envelope line (the bounce reader reads the envelope sender from it and skips it);
     * {@code >From } quoting is undone. A file that holds
     * one message (a single saved bounce with its envelope line) keeps its plain name; several are named
     * {@code path#1}, {@code path#2}...
     */
    private static void splitMbox(String name, LineSource lines, Consumer<MessageInput> sink) throws IOException {
        ByteArrayOutputStream msg = null;
        byte[] pending = null;
        boolean previousBlank = true;
        int count = 0;
        for (byte[] l = lines.next(); l != null; l = lines.next()) {
            if (previousBlank && isSeparator(l)) {
                if (msg != null) {
                    if (pending != null) {
                        sink.accept(new MessageInput(name, name + "#" + (++count), pending));
                    }
                    pending = trimTrailingBlank(msg.toByteArray());
                }
                msg = new ByteArrayOutputStream(8192);
                msg.write(l); // the envelope line stays: the reader takes the envelope sender from it
                previousBlank = false;
                continue;
            }
            previousBlank = isBlank(l);
            if (msg == null || msg.size() >= MAX_MESSAGE_BYTES) {
                continue;
            }
            int skip = 0;
            while (skip < l.length && l[skip] == '>') {
                skip++;
            }
            if (skip > 0 && startsWith(l, skip, "From ")) {
                msg.write(l, 1, l.length - 1);
            } else {
                msg.write(l);
            }
        }
        if (pending != null) {
            sink.accept(new MessageInput(name, name + "#" + (++count), pending));
        }
        if (msg != null) {
            byte[] last = trimTrailingBlank(msg.toByteArray());
            sink.accept(new MessageInput(name, count == 0 ? name : name + "#" + (++count), last));
        }
    }

    /** The lines of an mbox, each with its line end. */
    private interface LineSource {
        /** The next line, or null at the end. */
        byte[] next() throws IOException;
    }

    private static LineSource arrayLines(byte[] raw) {
        int[] pos = {0};
        return () -> {
            int start = pos[0];
            if (start >= raw.length) {
                return null;
            }
            int i = start;
            while (i < raw.length && raw[i] != '\n') {
                i++;
            }
            pos[0] = Math.min(raw.length, i + 1);
            return Arrays.copyOfRange(raw, start, pos[0]);
        };
    }

    private static LineSource streamLines(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        return () -> {
            line.reset();
            int b;
            while ((b = in.read()) != -1) {
                if (line.size() < MAX_MESSAGE_BYTES) { // a monstrous line is cut, not held whole
                    line.write(b);
                }
                if (b == '\n') {
                    break;
                }
            }
            return line.size() == 0 ? null : line.toByteArray();
        };
    }

    /**
     * A separator is "From SENDER DATE": after a blank line, and with a time of day in it, so that an unquoted
     * "From " sentence at the start of a paragraph (mboxo's ambiguity) does not split a message.
     */
    private static final java.util.regex.Pattern SEPARATOR =
            java.util.regex.Pattern.compile("From \\S+ .*\\d:\\d\\d.*", java.util.regex.Pattern.DOTALL);

    private static boolean isSeparator(byte[] l) {
        return startsWith(l, 0, "From ") && l.length < 1000
                && SEPARATOR.matcher(new String(l, java.nio.charset.StandardCharsets.ISO_8859_1)).matches();
    }

    private static boolean startsWith(byte[] l, int off, String prefix) {
        if (l.length - off < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (l[off + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte[] l) {
        return l.length == 1 && l[0] == '\n' || l.length == 2 && l[0] == '\r' && l[1] == '\n';
    }

    /** Drops the one blank line that separates mbox messages. */
    private static byte[] trimTrailingBlank(byte[] m) {
        int n = m.length;
        if (n >= 2 && m[n - 1] == '\n' && m[n - 2] == '\n') {
            n--;
        } else if (n >= 4 && m[n - 1] == '\n' && m[n - 2] == '\r' && m[n - 3] == '\n') {
            n -= 2;
        }
        return n == m.length ? m : Arrays.copyOf(m, n);
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Collects into a list; for tests. */
    List<MessageInput> readAll(List<String> paths, InputStream stdin) {
        List<MessageInput> out = new ArrayList<>();
        forEach(paths, stdin, out::add);
        return out;
    }
}
