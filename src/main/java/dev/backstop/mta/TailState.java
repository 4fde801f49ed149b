package dev.backstop.mta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Where a {@link LogTailer} stopped: the file's identity (the file key, i.e. device and inode), the offset of the
 * first byte not yet delivered as a whole line, and a CRC-32 of the file's first {@code headLength} bytes, which
 * tells a file replaced under the same name (or truncated and regrown) from the one we read.
 */
record TailState(String fileKey, long offset, int headLength, long headCrc) {

    static final TailState NONE = new TailState("", 0, 0, 0);

    /** Reads the state file; a missing or unreadable one means "no state" (the tailer then starts afresh). */
    static TailState load(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return NONE;
        }
        try {
            byte[] b = Files.readAllBytes(file);
            if (b.length > 4096) {
                return NONE;
            }
            Properties p = new Properties();
            p.load(new java.io.StringReader(new String(b, StandardCharsets.UTF_8)));
            return new TailState(p.getProperty("fileKey", ""), Long.parseLong(p.getProperty("offset", "0")),
                    Integer.parseInt(p.getProperty("headLength", "0")), Long.parseLong(p.getProperty("headCrc", "0")));
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    /** Writes to a temporary file beside the target and renames it over, so a crash leaves old or new, never half. */
    void save(Path file) throws IOException {
        String text = "# backstop log tailer position; delete to start again\n"
                + "fileKey=" + fileKey.replace("\\", "\\\\").replace("\n", "") + "\n"
                + "offset=" + offset + "\nheadLength=" + headLength + "\nheadCrc=" + headCrc + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
