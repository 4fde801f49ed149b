package dev.backstop.mta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a live mail log and hands every complete line to a {@link LineSink}, like {@code tail -F} that
 * remembers where it was:
 * <ul>
 *   <li>appended lines are read on each {@link #poll()}; a last line without its newline waits for it;
 *   <li>rename rotation (logrotate {@code create}, newsyslog): the old file, still open, is read to its end,
 *       then the new file from byte 0;
 *   <li>copytruncate rotation: the file shrinks below our offset, or its first bytes change: read again from 0;
 *   <li>restart: the position (file key, offset, checksum of the first bytes) is kept in a small state file,
 *       written atomically; a restarted tailer resumes there, finishes a file that was renamed meanwhile if it
 *       still lies beside the log ({@code maillog.1}, {@code maillog-20261126}; compressed ones are skipped),
 *       and starts a file it has never seen at 0. Without state it starts at the end ({@link Config#fromStart}
 *       false) so an old log is not taken for new traffic.
 * </ul>
 * Lines longer than {@link Config#maxLineBytes} are not buffered whole: the sink gets their head and length.
 * Not thread-safe: one thread polls ({@link #run()} or a caller's own loop).
 */
public final class LogTailer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogTailer.class);
    private static final int HEAD = 512;
    private static final int READ_CHUNK = 64 * 1024;

    /** Receives what the tailer reads. A sink that throws costs that line (counted), not the tailer. */
    public interface LineSink {
        /** One complete line, decoded as UTF-8 (bad bytes replaced), without its newline. */
        void line(String line);

        /** A line longer than the limit: its first {@code maxLineBytes} bytes and its full length. */
        default void overlong(String head, long length) {}
    }

    /** How {@link #run()} waits between polls; tests pass one that returns at once. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * @param file         the live log, e.g. {@code /var/log/mail.log}
     * @param stateFile    where the position is kept across restarts (null: not kept)
     * @param pollInterval how long {@link #run()} sleeps when a poll found nothing new
     * @param maxLineBytes longest line delivered whole
     * @param fromStart    without a state file: read the existing log from byte 0 (true) or from its end
     */
    public record Config(Path file, Path stateFile, Duration pollInterval, int maxLineBytes, boolean fromStart) {
        public Config {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(pollInterval, "pollInterval");
            if (pollInterval.isNegative() || pollInterval.isZero() || pollInterval.toMinutes() > 10) {
                throw new IllegalArgumentException("pollInterval must be between 1 ms and 10 min, was " + pollInterval);
            }
            if (maxLineBytes < 256 || maxLineBytes > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("maxLineBytes must be between 256 and 16 MiB, was " + maxLineBytes);
            }
        }

        /** 250 ms polls, {@link MailLogParser#MAX_LINE} lines, starting at the end when there is no state. */
        public static Config of(Path file, Path stateFile) {
            return new Config(file, stateFile, Duration.ofMillis(250), MailLogParser.MAX_LINE, false);
        }
    }

    private final Config config;
    private final LineSink sink;
    private final Sleeper sleeper;
    private final byte[] line;
    private int lineLength;
    private long overlongLength = -1; // >= 0 while skipping the rest of an overlong line
    private FileChannel channel;
    private String fileKey = "";
    private long position; // next byte to read from channel
    private long lineStart; // offset of the first byte of the line being assembled
    private TailState saved = TailState.NONE;
    private boolean resumed;
    // counters are read by metrics from other threads
    private volatile long lines;
    private volatile long sinkFailures;
    private volatile long rotations;
    private volatile boolean closed;

    public LogTailer(Config config, LineSink sink) {
        this(config, sink, d -> Thread.sleep(d.toMillis()));
    }

    public LogTailer(Config config, LineSink sink, Sleeper sleeper) {
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.line = new byte[config.maxLineBytes()];
    }

    /**
     * Reads everything new and returns the number of lines delivered. Handles rotation as the class describes.
     * A missing log file is not an error: nothing is read until it appears.
     */
    public int poll() throws IOException {
        long before = lines;
        if (channel == null) {
            if (!resumed) {
                resumed = true;
                resume();
            } else {
                openCurrent(0);
            }
            if (channel == null) {
                return (int) (lines - before);
            }
        }
        BasicFileAttributes now = attributes(config.file());
        if (now != null && key(now).equals(fileKey)
                && (now.size() < position || (saved.fileKey().equals(fileKey) && !headMatches(channel, saved)))) {
            // checked before reading on: old offsets applied to new content would deliver half lines
            rotations++;
            LOG.info("log {} was truncated or rewritten in place (copytruncate); reading it again from the start",
                    config.file());
            discardPartial();
            position = 0;
            lineStart = 0;
        }
        drain();
        if (now != null && !key(now).equals(fileKey)) {
            drain(); // what the writer added before it switched files
            finishFile();
            rotations++;
            LOG.info("log {} was rotated (renamed); reading the new file from the start", config.file());
            openCurrent(0);
            if (channel != null) {
                drain();
            }
        }
        // a missing file was renamed away and not yet recreated: the old one is read until the new one appears
        saveState();
        return (int) (lines - before);
    }

    /** Polls until {@link #close()}, sleeping {@link Config#pollInterval} when nothing new came. */
    public void run() {
        while (!closed) {
            int n;
            try {
                n = poll();
            } catch (IOException e) {
                LOG.warn("cannot read log {}: {}", config.file(), e.toString());
                n = 0;
            }
            if (n == 0 && !closed) {
                try {
                    sleeper.sleep(config.pollInterval());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Delivers a last line that has no newline (yet) as it is: for reading a finished file, e.g. a replay.
     * Returns 1 if there was one, else 0.
     */
    public int finishPartial() {
        if (lineLength > 0 && overlongLength < 0) {
            emit();
            return 1;
        }
        return 0;
    }

    /** Lines delivered so far. */
    public long lines() {
        return lines;
    }

    /** Rotations noticed so far (renames and truncations). */
    public long rotations() {
        return rotations;
    }

    /** Lines whose sink threw. */
    public long sinkFailures() {
        return sinkFailures;
    }

    /** The offset in the current file up to which every line was delivered (what the state file records). */
    public long offset() {
        return lineStart;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    // ---- internals

    /** First poll: continue where the state file says, finishing a renamed file first when it is still there. */
    private void resume() throws IOException {
        TailState st = TailState.load(config.stateFile());
        BasicFileAttributes now = attributes(config.file());
        if (st == TailState.NONE) {
            // writers append whole lines, so the end of the file is a line boundary
            openCurrent(config.fromStart() || now == null ? 0 : now.size());
            return;
        }
        if (now != null && key(now).equals(st.fileKey()) && now.size() >= st.offset()) {
            openCurrent(st.offset());
            if (channel != null && headMatches(channel, st)) {
                return;
            }
            close0();
            openCurrent(0);
            return;
        }
        Path old = findRotated(st);
        if (old != null) {
            LOG.info("log {} was rotated while stopped; finishing {} from offset {}", config.file(), old, st.offset());
            channel = FileChannel.open(old, StandardOpenOption.READ);
            fileKey = st.fileKey();
            position = st.offset();
            lineStart = st.offset();
            drain();
            finishFile();
            rotations++;
        }
        openCurrent(0);
    }

    private Path findRotated(TailState st) throws IOException {
        Path dir = config.file().toAbsolutePath().getParent();
        String base = config.file().getFileName().toString();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.equals(base) || !(n.startsWith(base + ".") || n.startsWith(base + "-"))
                        || n.matches(".*\\.(gz|bz2|xz|zst|lz4|Z)$")) {
                    continue;
                }
                BasicFileAttributes a = attributes(p);
                if (a != null && a.isRegularFile() && key(a).equals(st.fileKey()) && a.size() >= st.offset()) {
                    try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ)) {
                        if (headMatches(c, st)) {
                            return p;
                        }
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        return null;
    }

    private void openCurrent(long at) throws IOException {
        close0();
        try {
            channel = FileChannel.open(config.file(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            channel = null;
            return;
        }
        BasicFileAttributes a = attributes(config.file());
        fileKey = a == null ? "" : key(a);
        position = Math.min(at, channel.size());
        lineStart = position;
        lineLength = 0;
        overlongLength = -1;
    }

    private void close0() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** The end of a rotated file: its last line will get no newline now, so it is delivered as it is. */
    private void finishFile() throws IOException {
        if (lineLength > 0) {
            emit();
        } else if (overlongLength > 0) {
            emitOverlong();
        }
        close0();
    }

    private void discardPartial() {
        lineLength = 0;
        overlongLength = -1;
    }

    private void drain() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
        while (true) {
            buf.clear();
            int n = channel.read(buf, position);
            if (n <= 0) {
                return;
            }
            byte[] a = buf.array();
            for (int i = 0; i < n; i++) {
                byte b = a[i];
                position++;
                if (b == '\n') {
                    if (overlongLength >= 0) {
                        emitOverlong();
                    } else {
                        emit();
                    }
                    lineStart = position;
                } else if (overlongLength >= 0) {
                    overlongLength++;
                } else if (lineLength == line.length) {
                    overlongLength = lineLength + 1;
                } else {
                    line[lineLength++] = b;
                }
            }
        }
    }

    private void emit() {
        int len = lineLength;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        String text = new String(line, 0, len, StandardCharsets.UTF_8);
        lineLength = 0;
        lines++;
        try {
            sink.line(text);
        } catch (RuntimeException e) {
            sinkFailures++;
            LOG.warn("log line sink failed at {}:{}: {}", config.file(), lineStart, e.toString());
        }
    }

    private void emitOverlong() {
        String head = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        long len = overlongLength;
        lineLength = 0;
        overlongLength = -1;
        lines++;
        try {
            sink.overlong(head, len);
        } catch (RuntimeException e) {
            sinkFailures++;
        }
    }

    private void saveState() throws IOException {
        if (channel == null) {
            return;
        }
        TailState st = saved;
        // bytes already written to an append-only log never change, so the head may grow up to HEAD bytes
        int headLen = (int) Math.min(HEAD, channel.size());
        if (!st.fileKey().equals(fileKey) || st.offset() != lineStart || st.headLength() != headLen) {
            st = new TailState(fileKey, lineStart, headLen, crc(channel, headLen));
            if (config.stateFile() != null) {
                st.save(config.stateFile());
            }
            saved = st;
        }
    }

    private static boolean headMatches(FileChannel c, TailState st) throws IOException {
        if (st.headLength() == 0) {
            return true;
        }
        if (c.size() < st.headLength()) {
            return false;
        }
        return crc(c, st.headLength()) == st.headCrc();
    }

    private static long crc(FileChannel c, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (c.read(b, b.position()) <= 0) {
                break;
            }
        }
        CRC32 crc = new CRC32();
        crc.update(Arrays.copyOf(b.array(), b.position()));
        return crc.getValue();
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String key(BasicFileAttributes a) {
        Object k = a.fileKey();
        // without file keys (rare file systems) the creation time stands in for the identity
        return k != null ? k.toString() : "ctime=" + a.creationTime().toMillis();
    }
}
