package dev.backstop.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The dashboard's admin password, as a slow hash in one file of the data directory ({@code admin.passwd},
 * mode 0600). Read on every login, so {@code backstop passwd} takes effect without a restart.
 */
public final class AdminPassword {
    /** The file name inside the data directory. */
    public static final String FILE_NAME = "admin.passwd";
    /** Shorter passwords are refused by {@link #set}. */
    public static final int MIN_LENGTH = 10;
    /** Longer input is refused: PBKDF2 hashes it whole on every login. */
    public static final int MAX_LENGTH = 1024;

    private final Path file;

    public AdminPassword(Path file) {
        this.file = file;
    }

    /** The password file of a data directory. */
    public static AdminPassword inDataDir(Path dataDir) {
        return new AdminPassword(dataDir.resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    /** True when a well-formed hash is stored. */
    public boolean isSet() {
        return stored().filter(PasswordHash::wellFormed).isPresent();
    }

    /**
     * Hashes and stores {@code password} (atomically, mode 0600) and wipes the array.
     *
     * @throws IllegalArgumentException when it is shorter than {@link #MIN_LENGTH} or longer than {@link #MAX_LENGTH}
     */
    public void set(char[] password) {
        try {
            if (password.length < MIN_LENGTH || password.length > MAX_LENGTH) {
                throw new IllegalArgumentException("the password must have " + MIN_LENGTH + " to " + MAX_LENGTH
                        + " characters, it has " + password.length);
            }
            String line = PasswordHash.hash(password, new SecureRandom()) + "\n";
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, line, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            PasswordHash.wipe(password);
        }
    }

    /** True when a password is set and {@code password} matches it; the array is wiped either way. */
    public boolean verify(char[] password) {
        try {
            if (password.length > MAX_LENGTH) {
                return false;
            }
            return stored().map(h -> PasswordHash.verify(password, h)).orElse(false);
        } finally {
            PasswordHash.wipe(password);
        }
    }

    private Optional<String> stored() {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
