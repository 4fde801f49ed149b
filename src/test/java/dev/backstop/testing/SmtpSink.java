package dev.backstop.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An SMTP server for tests on 127.0.0.1 (port 0) that records every message it accepts. Handles many
 * connections at once, tolerates pipelining (replies are flushed when the client's input is drained) and can be
 * told how to answer each RCPT and each end of DATA, e.g. with {@code "550 5.1.1 user unknown"} or a temporary
 * {@code "451 4.3.0 try later"}. Thread-safe.
 */
public final class SmtpSink implements AutoCloseable {

  private static final int MAX_LINE = 64 * 1024;
  private static final long MAX_MESSAGE = 64L * 1024 * 1024;
  private static final int IDLE_TIMEOUT_MILLIS = 120_000;

  private final ServerSocket server;
  private final ExecutorService pool;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<ReceivedMessage> messages = new ArrayList<>();
  private final List<String> refusedRecipients = new ArrayList<>();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong rcptCommands = new AtomicLong();
  private volatile Function<String, String> rcptRule = r -> null;
  private volatile Function<ReceivedMessage, String> dataRule = m -> null;
  private volatile boolean closed;

  private SmtpSink() throws IOException {
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "smtp-sink-" + server.getLocalPort());
      t.setDaemon(true);
      return t;
    });
    pool.execute(this::acceptLoop);
  }

  public static SmtpSink start() {
    try {
      return new SmtpSink();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the SMTP sink", e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * How to answer RCPT TO: the rule gets the address (without angle brackets) and returns null to accept or a
   * full reply line such as {@code "550 5.1.1 user unknown"}.
   */
  public SmtpSink rcptRule(Function<String, String> rule) {
    this.rcptRule = rule == null ? r -> null : rule;
    return this;
  }

  /** How to answer the end of DATA: null accepts (and records) the message, a reply line refuses it. */
  public SmtpSink dataRule(Function<ReceivedMessage, String> rule) {
    this.dataRule = rule == null ? m -> null : rule;
    return this;
  }

  /** A snapshot of the accepted messages, in order of arrival. */
  public List<ReceivedMessage> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  public int messageCount() {
    synchronized (messages) {
      return messages.size();
    }
  }

  /** Refused RCPTs as {@code "address reply"}, in order. */
  public List<String> refusedRecipients() {
    synchronized (messages) {
      return List.copyOf(refusedRecipients);
    }
  }

  public long rcptCommands() {
    return rcptCommands.get();
  }

  public long connections() {
    return connections.get();
  }

  /** Forgets what was received so far (the rules stay). */
  public void clear() {
    synchronized (messages) {
      messages.clear();
      refusedRecipients.clear();
    }
  }

  /** Waits until at least {@code n} messages were accepted; returns all accepted so far. */
  public List<ReceivedMessage> awaitMessages(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (messages) {
      while (messages.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("sink got " + messages.size() + " of " + n + " messages within " + timeout
              + "; refused: " + refusedRecipients);
        }
        waitOn(left);
      }
      return List.copyOf(messages);
    }
  }

  /** Waits for a message that matches; returns the first match. */
  public ReceivedMessage awaitMessage(Predicate<ReceivedMessage> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (messages) {
      while (true) {
        for (ReceivedMessage m : messages) {
          if (match.test(m)) {
            return m;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no matching message within " + timeout + "; got " + messages);
        }
        waitOn(left);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    pool.shutdownNow();
  }

  private void waitOn(long nanos) {
    try {
      messages.wait(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        open.add(s);
        long no = connections.incrementAndGet();
        pool.execute(() -> {
          try (s) {
            session(s, no);
          } catch (IOException e) {
            // client went away or timed out: the session simply ends
          } finally {
            open.remove(s);
          }
        });
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void session(Socket s, long connection) throws IOException {
    s.setSoTimeout(IDLE_TIMEOUT_MILLIS);
    s.setTcpNoDelay(true);
    InputStream in = new BufferedInputStream(s.getInputStream());
    OutputStream out = new BufferedOutputStream(s.getOutputStream());
    String helo = "";
    String from = null;
    List<String> rcpts = new ArrayList<>();
    reply(out, in, "220 sink.backstop.test ESMTP test sink");
    while (true) {
      String line = SmtpLines.readLine(in, MAX_LINE);
      if (line == null) {
        return;
      }
      String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
      switch (verb) {
        case "EHLO" -> {
          helo = line.substring(4).strip();
          from = null;
          rcpts.clear();
          reply(out, in, "250-sink.backstop.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n"
              + "250 SIZE " + MAX_MESSAGE);
        }
        case "HELO" -> {
          helo = line.substring(4).strip();
          reply(out, in, "250 sink.backstop.test");
        }
        case "MAIL" -> {
          String addr = address(line);
          if (addr == null) {
            reply(out, in, "501 5.5.4 syntax: MAIL FROM:<address>");
          } else {
            from = addr;
            rcpts.clear();
            reply(out, in, "250 2.1.0 Ok");
          }
        }
        case "RCPT" -> {
          rcptCommands.incrementAndGet();
          String addr = address(line);
          if (from == null) {
            reply(out, in, "503 5.5.1 need MAIL first");
          } else if (addr == null || addr.isEmpty()) {
            reply(out, in, "501 5.5.4 syntax: RCPT TO:<address>");
          } else {
            String refusal = rcptRule.apply(addr);
            if (refusal == null) {
              rcpts.add(addr);
              reply(out, in, "250 2.1.5 Ok");
            } else {
              synchronized (messages) {
                refusedRecipients.add(addr + " " + refusal);
              }
              reply(out, in, refusal);
            }
          }
        }
        case "DATA" -> {
          if (from == null || rcpts.isEmpty()) {
            reply(out, in, "554 5.5.1 no valid recipients");
            continue;
          }
          reply(out, in, "354 end data with <CR><LF>.<CR><LF>");
          byte[] data = readData(in);
          if (data == null) {
            reply(out, in, "552 5.3.4 message too big");
          } else {
            ReceivedMessage m = new ReceivedMessage(helo, from, rcpts, data, Instant.now(), connection);
            String refusal = dataRule.apply(m);
            if (refusal == null) {
              int count;
              synchronized (messages) {
                messages.add(m);
                count = messages.size();
                messages.notifyAll();
              }
              reply(out, in, "250 2.0.0 Ok: queued as S" + connection + "X" + count);
            } else {
              reply(out, in, refusal);
            }
          }
          from = null;
          rcpts.clear();
        }
        case "RSET" -> {
          from = null;
          rcpts.clear();
          reply(out, in, "250 2.0.0 Ok");
        }
        case "NOOP" -> reply(out, in, "250 2.0.0 Ok");
        case "VRFY" -> reply(out, in, "252 2.0.0 Cannot VRFY");
        case "QUIT" -> {
          reply(out, in, "221 2.0.0 Bye");
          out.flush();
          return;
        }
        default -> reply(out, in, "502 5.5.2 command not recognized");
      }
    }
  }

  /** Writes a reply; flushes only when the client has nothing more pipelined (RFC 2920 batching). */
  private static void reply(OutputStream out, InputStream in, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    if (in.available() == 0) {
      out.flush();
    }
  }

  /** The address inside {@code <...>} of MAIL FROM / RCPT TO; empty for {@code <>}; null if malformed. */
  static String address(String line) {
    int colon = line.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String rest = line.substring(colon + 1).strip();
    if (!rest.startsWith("<")) {
      int sp = rest.indexOf(' ');
      return sp < 0 ? rest : rest.substring(0, sp);
    }
    int close = rest.indexOf('>');
    return close < 0 ? null : rest.substring(1, close);
  }

  /** Reads DATA up to the lone dot, undoing dot-stuffing; null (after draining it) if it is too big. */
  private static byte[] readData(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(4096);
    boolean tooBig = false;
    while (true) {
      byte[] line = SmtpLines.readRawLine(in, MAX_LINE);
      if (line == null) {
        throw new IOException("connection closed in DATA");
      }
      int n = line.length;
      boolean dotLine = line[0] == '.'
          && (n == 1 + 2 && line[1] == '\r' && line[2] == '\n' || n == 2 && line[1] == '\n');
      if (dotLine) {
        return tooBig ? null : b.toByteArray();
      }
      int skip = line[0] == '.' ? 1 : 0;
      if (b.size() + n > MAX_MESSAGE) {
        tooBig = true;
      }
      if (!tooBig) {
        b.write(line, skip, n - skip);
      }
    }
  }
}
