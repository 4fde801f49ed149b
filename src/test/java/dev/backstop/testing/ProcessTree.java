package dev.backstop.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A process and its descendants, captured before it is told to stop: once the master is gone its children are
 * re-parented and could no longer be found through it.
 */
final class ProcessTree {

  private final List<ProcessHandle> members;

  private ProcessTree(List<ProcessHandle> members) {
    this.members = members;
  }

  static ProcessTree of(long pid) {
    return new ProcessTree(ProcessHandle.of(pid)
        .map(p -> Stream.concat(Stream.of(p), p.descendants()).toList())
        .orElse(List.of()));
  }

  List<ProcessHandle> members() {
    return members;
  }

  /** Waits until every member is gone; kills the rest after the timeout. */
  void awaitGone(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (members.stream().anyMatch(ProcessTree::running) && System.nanoTime() < deadline) {
      PrivatePostfix.sleep(50);
    }
    members.stream().filter(ProcessTree::running).forEach(ProcessHandle::destroyForcibly);
  }

  /** Alive and not a zombie: orphaned children stay zombies where pid 1 does not reap them. */
  static boolean running(ProcessHandle h) {
    if (!h.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }
}
