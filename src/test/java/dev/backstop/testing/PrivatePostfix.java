package dev.backstop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private Postfix instance for integration tests: its own configuration, queue, data directory and log file
 * under a fresh temporary directory, an smtpd on a free 127.0.0.1 port, relaying everything to one loopback
 * host (usually a {@link SmtpSink}). It never reads or changes {@code /etc/postfix}'s configuration and never
 * uses DNS. Several instances can run at once. Needs root (Postfix's master runs as root) and the Debian
 * {@code postfix} package.
 *
 * <pre>{@code
 * try (SmtpSink sink = SmtpSink.start();
 *      PrivatePostfix pf = PrivatePostfix.builder().relayTo(sink.port()).start()) {
 *   pf.smtpSubmit("a@example.com", List.of("b@example.net"), message);
 *   sink.awaitMessages(1, Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Running instances are stopped by a JVM shutdown hook if a test forgets to close them. Set the system
 * property {@code backstop.test.keep=true} to keep the directory (config, queue, {@code maillog}) after close.
 *
 * <p>Postfix behaviours this class works around, found the hard way:
 * <ul>
 *   <li>Without syslog, {@code postfix start|check} and {@code postsuper} report errors only to a terminal
 *       (or the maillog); control commands therefore run under {@code script(1)} ({@link Command#viaPty}).
 *   <li>{@code maillog_file} must lie under {@code maillog_file_prefixes}, else every Postfix command dies
 *       with a fatal error that nobody sees; it needs the {@code postlog unix-dgram} service in master.cf.
 *   <li>{@code postfix start} creates the queue's subdirectories itself, but the master refuses a
 *       {@code data_directory} not owned by {@code mail_owner} (it keeps {@code master.lock} there).
 *   <li>Postfix sleeps about 2 s before reading a main.cf or master.cf modified in the last seconds; the files
 *       are backdated, which turns a 2.1 s start and reload into 0.2 s.
 *   <li>The instance directory must be traversable by the {@code postfix} user (mode 755).
 *   <li>Only root may point {@code sendmail}/{@code postdrop} at another configuration directory ({@code -C}):
 *       for other users {@code /etc/postfix/main.cf} would have to list it in
 *       {@code alternate_config_directories}. Local submissions from tests therefore carry uid 0.
 *   <li>Children of a stopped master are re-parented; where pid 1 does not reap they stay zombies, which
 *       count as gone.
 * </ul>
 */
public final class PrivatePostfix implements AutoCloseable {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern QUEUE_ID = Pattern.compile("[0-9A-Za-z]{6,32}");
  private static final Pattern PARAM_NAME = Pattern.compile("[a-z0-9_]+");
  private static final Pattern PORT_IN_USE = Pattern.compile("bind 127\\.0\\.0\\.1 port (\\d+): Address already in use");
  private static final List<String> QUEUE_DIRS = List.of("maildrop", "incoming", "active", "deferred", "hold");
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Set<PrivatePostfix> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> RUNNING.forEach(PrivatePostfix::closeQuietly), "private-postfix-stop"));
  }

  private final Path root;
  private final Path configDir;
  private final Path queueDir;
  private final MailLog maillog;
  private final String hostname;
  private final Map<String, String> params; // guarded by this
  private final List<String> extraServices;
  private volatile int smtpPort;
  private volatile long masterPid = -1;

  private PrivatePostfix(Builder b) throws IOException {
    String base = System.getProperty("backstop.test.tmpdir", System.getProperty("java.io.tmpdir"));
    root = Files.createTempDirectory(Path.of(base), "backstop-pf-");
    // the postfix user must traverse to the spool and data directories
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    configDir = Files.createDirectory(root.resolve("etc"));
    queueDir = Files.createDirectory(root.resolve("spool"));
    Path dataDir = Files.createDirectory(root.resolve("data"));
    Path logDir = Files.createDirectory(root.resolve("log"));
    maillog = new MailLog(logDir.resolve("maillog"));
    // "postfix start" creates the queue's subdirectories itself, but the master refuses a data_directory
    // that the mail_owner does not own (it keeps master.lock there)
    UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(dataDir, users.lookupPrincipalByName("postfix"));
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    hostname = b.hostname != null ? b.hostname : "pf" + SEQUENCE.incrementAndGet() + ".backstop.test";

    Map<String, String> p = MainCf.defaults(queueDir, dataDir, maillog.path(), hostname, b.relayPort);
    p.putAll(b.params);
    params = p;
    extraServices = List.copyOf(b.services);
    smtpPort = freePort();
    writeConfig();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the instance; a no-op when it runs already. */
  public synchronized PrivatePostfix start() {
    if (masterPid > 0) {
      return this;
    }
    for (int attempt = 1; ; attempt++) {
      CommandResult r = postfix("start");
      if (r.ok()) {
        break;
      }
      // the port was free when chosen but someone bound it before the master did: choose again
      Matcher inUse = PORT_IN_USE.matcher(log());
      if (attempt < 3 && inUse.find() && Integer.parseInt(inUse.group(1)) == smtpPort) {
        smtpPort = freePort();
        writeConfig();
        continue;
      }
      throw new IllegalStateException("postfix start failed:\n" + r.output() + "\nmaillog:\n" + tail(log(), 20));
    }
    masterPid = readMasterPid().orElseThrow(() -> new IllegalStateException("no master.pid after start"));
    RUNNING.add(this);
    return this;
  }

  /**
   * Stops the instance and waits until the master and every process it had started are gone (killing them if
   * {@code postfix stop} does not within 10 s). The queue is kept, so {@link #start()} may follow.
   */
  public synchronized void stop() {
    long pid = masterPid;
    if (pid <= 0) {
      return;
    }
    ProcessTree tree = ProcessTree.of(pid);
    postfix("stop");
    tree.awaitGone(Duration.ofSeconds(10));
    masterPid = -1;
    RUNNING.remove(this);
  }

  /** Stops the instance and deletes its directory (unless {@code -Dbackstop.test.keep=true}). */
  @Override
  public void close() {
    stop();
    if (!Boolean.getBoolean("backstop.test.keep")) {
      deleteTree(root);
    }
  }

  public boolean isRunning() {
    return masterPid > 0 && ProcessHandle.of(masterPid).map(ProcessTree::running).orElse(false);
  }

  public int smtpPort() {
    return smtpPort;
  }

  public String hostname() {
    return hostname;
  }

  public Path configDir() {
    return configDir;
  }

  public Path queueDir() {
    return queueDir;
  }

  public Path maillogFile() {
    return maillog.path();
  }

  /**
   * Changes one main.cf parameter and, when running, {@code postfix reload}s: new SMTP sessions and new
   * queue runs use the new value (e.g. flip {@code milter_default_action}).
   */
  public synchronized void setParam(String name, String value) {
    requireParamName(name);
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("newline in value of " + name);
    }
    params.put(name, value);
    writeConfig();
    if (masterPid > 0) {
      postfix("reload").orThrow();
    }
  }

  /** The effective value of a main.cf parameter, as {@code postconf -h} reports it. */
  public String postconf(String name) {
    requireParamName(name);
    return run(List.of("postconf", "-c", configDir.toString(), "-h", name), null).orThrow().output().strip();
  }

  /**
   * Submits a message through {@code /usr/sbin/sendmail -C DIR -i -f FROM -- RCPTS} (postdrop, then pickup: the
   * path of PHP's {@code mail()} and {@code non_smtpd_milters}). Throws if sendmail fails.
   */
  public CommandResult sendmail(String from, List<String> recipients, byte[] message) {
    List<String> argv = new ArrayList<>(List.of("/usr/sbin/sendmail", "-C", configDir.toString(), "-i", "-f", from));
    argv.add("--");
    for (String r : recipients) {
      if (r.isEmpty() || r.startsWith("-")) {
        throw new IllegalArgumentException("bad recipient: " + r);
      }
      argv.add(r);
    }
    return run(argv, message).orThrow();
  }

  /** Submits a message over SMTP to this instance's smtpd; see {@link SmtpClient.Result} for the outcome. */
  public SmtpClient.Result smtpSubmit(String from, List<String> recipients, byte[] message) {
    return SmtpClient.send(smtpPort, "client.backstop.test", from, recipients, message);
  }

  /** SMTP from another loopback address, e.g. 127.0.0.2 standing for a host on the internet. */
  public SmtpClient.Result smtpSubmitFrom(
      java.net.InetAddress source, String from, List<String> recipients, byte[] message) {
    return SmtpClient.send(source, smtpPort, "remote.backstop.test", from, recipients, message);
  }

  /** The queue as {@code postqueue -j} lists it (all queues, including hold). */
  public List<QueueEntry> queue() {
    String out = run(List.of("postqueue", "-c", configDir.toString(), "-j"), null).orThrow().output();
    return out.lines().filter(l -> l.startsWith("{")).map(QueueEntry::parse).toList();
  }

  /** Asks the queue manager to retry deferred mail now ({@code postqueue -f}). */
  public void flush() {
    run(List.of("postqueue", "-c", configDir.toString(), "-f"), null).orThrow();
  }

  /**
   * Runs {@code postsuper -c DIR ARGS...}, e.g. {@code postsuper("-h", queueId)}; the output holds postsuper's
   * messages ("Placed on hold: 1 message"). Arguments are passed as a list, never through a shell.
   */
  public CommandResult postsuper(String... args) {
    List<String> argv = new ArrayList<>(List.of("postsuper", "-c", configDir.toString()));
    argv.addAll(List.of(args));
    return Command.viaPty(argv, COMMAND_TIMEOUT);
  }

  /** Checks that a string looks like a Postfix queue id (short or long form) before it goes to a command. */
  public static String requireQueueId(String id) {
    if (id == null || !QUEUE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a queue id: " + id);
    }
    return id;
  }

  /** The whole mail log so far (written asynchronously by postlogd: poll with {@link #awaitLog}). */
  public String log() {
    return maillog.text();
  }

  /** The log's current length in bytes: pass it to {@link #awaitLog(Pattern, Duration, long)} as a mark. */
  public long logSize() {
    return maillog.size();
  }

  /** Waits for a log line matching {@code pattern} (searched with {@code find}) and returns the first one. */
  public String awaitLog(Pattern pattern, Duration timeout) {
    return maillog.await(pattern, timeout, 0);
  }

  /** As {@link #awaitLog(Pattern, Duration)}, looking only at the log after byte {@code fromByte}. */
  public String awaitLog(Pattern pattern, Duration timeout, long fromByte) {
    return maillog.await(pattern, timeout, fromByte);
  }

  /** Waits until no queue file is left in maildrop, incoming, active, deferred or hold. */
  public void awaitQueueEmpty(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (queueFileCount() > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("queue not empty after " + timeout + ": " + queue() + "\nlog tail:\n"
            + tail(log(), 20));
      }
      sleep(50);
    }
  }

  /** Waits until the {@code postqueue -j} listing satisfies {@code condition}; returns that listing. */
  public List<QueueEntry> awaitQueue(Predicate<List<QueueEntry>> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<QueueEntry> q = queue();
      if (condition.test(q)) {
        return q;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("queue condition not met after " + timeout + ": " + q);
      }
      sleep(100);
    }
  }

  /** Queue files on disk, counted without running a Postfix command (cheap enough to poll). */
  public int queueFileCount() {
    int n = 0;
    for (String d : QUEUE_DIRS) {
      Path dir = queueDir.resolve(d);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          n += (int) s.filter(Files::isRegularFile).count();
        } catch (IOException | UncheckedIOException e) {
          // a file moved between queues while we walked: count again next time
          n += 1;
        }
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return "PrivatePostfix[" + hostname + " smtpd 127.0.0.1:" + smtpPort + ", " + root + "]";
  }

  // ---- internals

  private CommandResult postfix(String action) {
    return Command.viaPty(List.of("postfix", "-c", configDir.toString(), action), COMMAND_TIMEOUT);
  }

  private CommandResult run(List<String> argv, byte[] stdin) {
    CommandResult r = Command.run(argv, stdin, COMMAND_TIMEOUT);
    if (!r.ok() && r.output().isBlank()) {
      // Postfix tools report to the log, not to a non-terminal stderr
      return new CommandResult(r.command(), r.exitCode(), "maillog tail:\n" + tail(log(), 10));
    }
    return r;
  }

  private synchronized void writeConfig() {
    StringBuilder main = new StringBuilder("# written by dev.backstop.testing.PrivatePostfix\n");
    params.forEach((k, v) -> main.append(k).append(" = ").append(v).append('\n'));
    StringBuilder master = new StringBuilder("# written by dev.backstop.testing.PrivatePostfix; no chroot\n");
    master.append("127.0.0.1:").append(smtpPort).append(" inet n - n - - smtpd\n");
    master.append(MasterCf.STANDARD_SERVICES);
    extraServices.forEach(s -> master.append(s).append('\n'));
    try {
      // Postfix sleeps (about 2 s) before reading a configuration file modified within the last few seconds,
      // in case it is still being written; backdating ours saves that on every start and reload
      FileTime past = FileTime.from(Instant.now().minusSeconds(10));
      Files.setLastModifiedTime(Files.writeString(configDir.resolve("main.cf"), main), past);
      Files.setLastModifiedTime(Files.writeString(configDir.resolve("master.cf"), master), past);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<Long> readMasterPid() {
    try {
      Path f = queueDir.resolve("pid/master.pid");
      return Files.exists(f) ? Optional.of(Long.parseLong(Files.readString(f).strip())) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** For the shutdown hook: an instance a test forgot to close must not outlive the JVM. */
  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      ProcessHandle.of(masterPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void requireParamName(String name) {
    if (name == null || !PARAM_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a Postfix parameter name: " + name);
    }
  }

  static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover temp directory is not worth failing a test for
    }
  }

  /** Configures a {@link PrivatePostfix}; every setter validates its argument. */
  public static final class Builder {
    private int relayPort;
    private String hostname;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final List<String> services = new ArrayList<>();

    private Builder() {}

    /** Relays all mail to {@code [127.0.0.1]:port} (without this, mail stays deferred). */
    public Builder relayTo(int port) {
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("relay port out of range: " + port);
      }
      this.relayPort = port;
      return this;
    }

    /** {@code myhostname}; default {@code pfN.backstop.test}. */
    public Builder hostname(String name) {
      if (!name.matches("[A-Za-z0-9.-]+")) {
        throw new IllegalArgumentException("bad hostname: " + name);
      }
      this.hostname = name;
      return this;
    }

    /** e.g. {@code inet:127.0.0.1:8830} or {@code unix:/path/to/socket}. */
    public Builder smtpdMilters(String milters) {
      return param("smtpd_milters", milters);
    }

    public Builder nonSmtpdMilters(String milters) {
      return param("non_smtpd_milters", milters);
    }

    /** {@code accept}, {@code reject}, {@code tempfail} (Postfix's default) or {@code quarantine}. */
    public Builder milterDefaultAction(String action) {
      if (!Set.of("accept", "reject", "tempfail", "quarantine").contains(action)) {
        throw new IllegalArgumentException("milter_default_action must be accept|reject|tempfail|quarantine: " + action);
      }
      return param("milter_default_action", action);
    }

    /** e.g. {@code bounce} to pass Postfix's own bounces through {@code non_smtpd_milters}. */
    public Builder internalMailFilterClasses(String classes) {
      return param("internal_mail_filter_classes", classes);
    }

    /** Any main.cf parameter; overrides the fixture's defaults. */
    public Builder param(String name, String value) {
      requireParamName(name);
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("newline in value of " + name);
      }
      params.put(name, value);
      return this;
    }

    /** An extra master.cf service line, e.g. {@code "127.0.0.1:2587 inet n - n - - smtpd -o smtpd_milters="}. */
    public Builder masterService(String line) {
      if (line.isBlank() || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("one master.cf line expected: " + line);
      }
      services.add(line);
      return this;
    }

    /** Writes the configuration without starting Postfix. */
    public PrivatePostfix build() {
      try {
        return new PrivatePostfix(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the instance directory", e);
      }
    }

    public PrivatePostfix start() {
      return build().start();
    }
  }
}
