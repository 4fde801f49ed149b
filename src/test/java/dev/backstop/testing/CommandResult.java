package dev.backstop.testing;

import java.util.List;

/** What one external command did: its argument list, exit code and combined output. */
public record CommandResult(List<String> command, int exitCode, String output) {

  public CommandResult {
    command = List.copyOf(command);
  }

  public boolean ok() {
    return exitCode == 0;
  }

  /** Returns this result, or throws with the command and its output when it failed. */
  public CommandResult orThrow() {
    if (!ok()) {
      throw new IllegalStateException(
          "command failed (exit " + exitCode + "): " + String.join(" ", command) + "\n" + output);
    }
    return this;
  }
}
