package dev.backstop.batv;

import dev.backstop.config.ConfigException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BATV key file: lines {@code N SECRET} (N 0-9), {@code #} comments. Created on first use with one random
 * key 0, readable by its owner only. Rotation is by hand: append a key with the next number (the last line
 * signs unless {@code batv.signing_key} says otherwise), delete the old line a validity period later.
 */
final class KeyFile {
    private static final Logger log = LoggerFactory.getLogger(KeyFile.class);
    private static final String KEY_PATH = "batv.key_file";

    private KeyFile() {
    }

    /** The keys in file order; creates the file with a fresh key 0 when it does not exist. */
    static List<BatvKey> readOrCreate(Path file, SecretSource random) {
        if (!Files.exists(file)) {
            create(file, random);
        }
        return read(file);
    }

    static List<BatvKey> read(Path file) {
        warnIfReadableByOthers(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(KEY_PATH + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        List<BatvKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            // the secret itself is never quoted back
            if (parts.length != 2 || !parts[0].matches("[0-9]") || parts[1].length() < 16) {
                throw new ConfigException(KEY_PATH + ": " + file + " line " + (i + 1)
                        + ": expected 'N SECRET' with N 0-9 and a secret of at least 16 characters");
            }
            int number = parts[0].charAt(0) - '0';
            if (keys.stream().anyMatch(k -> k.number() == number)) {
                throw new ConfigException(KEY_PATH + ": " + file + " line " + (i + 1) + ": key " + number + " twice");
            }
            keys.add(BatvKey.of(number, parts[1]));
        }
        if (keys.isEmpty()) {
            throw new ConfigException(KEY_PATH + ": " + file + " holds no key (delete it to have one generated)");
        }
        return keys;
    }

    /**
     * Writes a temporary file (owner-only from the start), then hard-links it into place: the key file either
     * does not exist or is complete, and two processes starting at once cannot both create one.
     */
    private static void create(Path file, SecretSource random) {
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random.next(32));
        String text = "# Backstop BATV keys: N SECRET. The last line signs; keep an old key validity_days after rotating.\n"
                + "0 " + secret + "\n";
        Path tmp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            tmp = posix(dir)
                    ? Files.createTempFile(dir, ".batv-keys", ".tmp", PosixFilePermissions.asFileAttribute(
                            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)))
                    : Files.createTempFile(dir, ".batv-keys", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.createLink(file, tmp);
            log.info("batv: created key file {} with a new random key 0", file);
        } catch (FileAlreadyExistsException e) {
            log.info("batv: key file {} was created by another process; using it", file);
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConfigException(KEY_PATH + ": cannot create " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temp file holds a key nobody uses; harmless
                }
            }
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            if (posix(file.toAbsolutePath().getParent())) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                    log.warn("batv: key file {} is readable by group or others ({}); chmod 600 it",
                            file, PosixFilePermissions.toString(p));
                }
            }
        } catch (IOException e) {
            // read() reports an unreadable file
        }
    }
}
