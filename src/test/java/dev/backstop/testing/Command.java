package dev.backstop.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().putAll(env);
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv, e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copy(p.getInputStream(), out), "cmd-output");
    reader.setDaemon(true);
    reader.start();
    try {
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
        reader.join(1000);
        throw new IllegalStateException("timed out after " + timeout + ": " + argv + "\n" + text(out));
      }
      reader.join(5000);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + argv, e);
    }
    return new CommandResult(argv, p.exitValue(), text(out));
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

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (out) {
          out.write(buf, 0, n);
        }
      }
    } catch (IOException e) {
      // process gone; what we have is the output
    }
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
