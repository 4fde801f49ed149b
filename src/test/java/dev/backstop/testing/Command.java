package dev.backstop.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs one external program from an argument list (never through a shell), with a timeout, feeding it optional
 * stdin and collecting stdout and stderr together.
 */
final class Command {

  /** Arguments allowed inside {@link #viaPty}: no quoting or expansion can happen with these characters. */
  private static final Pattern PTY_SAFE_ARG = Pattern.compile("[A-Za-z0-9_./:=@,+%-]+");

  private Command() {}

  static CommandResult run(List<String> argv, byte[] stdin, Duration timeout) {
    return run(argv, stdin, timeout, Map.of());
  }

  static CommandResult run(List<String> argv, byte[] stdin, Duration timeout, Map<String, String> env) {
    // Output goes to a file, not a pipe: "postfix start" leaves a daemon that inherits the descriptor, and
    // reading a pipe to its end would wait on that daemon (about 2 s) instead of on the command.
    Path outFile;
    try {
      outFile = Files.createTempFile("backstop-cmd-", ".out");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(outFile.toFile());
    pb.environment().putAll(env);
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    try {
      Process p = pb.start();
      if (stdin != null) {
        try (OutputStream os = p.getOutputStream()) {
          os.write(stdin);
        } catch (IOException e) {
          // the program exited early; its exit code and output say why
        }
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException("timed out after " + timeout + ": " + argv + "\n" + read(outFile));
      }
      return new CommandResult(argv, p.exitValue(), read(outFile));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + argv, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + argv, e);
    } finally {
      try {
        Files.deleteIfExists(outFile);
      } catch (IOException e) {
        // a leftover temp file is harmless
      }
    }
  }

  /**
   * Runs a Postfix command under {@code script(1)}. Without syslog, Postfix tools (postfix, postsuper) print
   * their warnings and fatal errors only when stderr is a terminal; {@code script} gives them one. The command
   * line {@code script} hands to the shell is made only of arguments checked against {@link #PTY_SAFE_ARG}.
   */
  static CommandResult viaPty(List<String> argv, Duration timeout) {
    for (String a : argv) {
      if (!PTY_SAFE_ARG.matcher(a).matches()) {
        throw new IllegalArgumentException("argument not allowed in a pty command: '" + a + "'");
      }
    }
    List<String> wrapped = new ArrayList<>(List.of("script", "-qec", String.join(" ", argv), "/dev/null"));
    CommandResult r = run(wrapped, null, timeout);
    return new CommandResult(argv, r.exitCode(), r.output().replace("\r\n", "\n"));
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }
}
