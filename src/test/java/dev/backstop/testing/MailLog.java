package dev.backstop.testing;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** A private instance's {@code maillog_file}, read as ISO-8859-1 so any byte survives. */
final class MailLog {

  private final Path path;

  MailLog(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  String text() {
    return textFrom(0);
  }

  long size() {
    try {
      return Files.exists(path) ? Files.size(path) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The log after byte {@code fromByte} (a mark from {@link #size()}). */
  String textFrom(long fromByte) {
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
      long start = Math.max(0, fromByte);
      long len = f.length();
      if (start >= len) {
        return "";
      }
      byte[] b = new byte[(int) Math.min(Integer.MAX_VALUE - 8, len - start)];
      f.seek(start);
      f.readFully(b);
      return new String(b, StandardCharsets.ISO_8859_1);
    } catch (FileNotFoundException e) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls (postlogd writes asynchronously) for the first line after the mark that matches. */
  String await(Pattern pattern, Duration timeout, long fromByte) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> line = textFrom(fromByte).lines().filter(l -> pattern.matcher(l).find()).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no log line matching " + pattern + " within " + timeout + " in " + path
            + "; log tail:\n" + PrivatePostfix.tail(text(), 20));
      }
      PrivatePostfix.sleep(50);
    }
  }
}
