package dev.backstop.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain SMTP client for tests: one transaction per connection, no pipelining, so each reply belongs to the
 * command before it. Rejections are results, not exceptions; only I/O trouble throws.
 */
public final class SmtpClient {

  private static final Pattern QUEUED_AS = Pattern.compile("queued as ([0-9A-Za-z]+)");
  private static final int TIMEOUT_MILLIS = 30_000;
  private static final int MAX_REPLY_LINES = 100;

  private SmtpClient() {}

  /**
   * The outcome of one transaction.
   *
   * @param rcptReplies each recipient's RCPT reply, in order
   * @param finalReply the reply that decided the transaction: end of DATA, or the last refusal before it
   * @param queueId the queue id from a Postfix "250 2.0.0 Ok: queued as ID" reply, or empty
   * @param transcript every command (prefixed "C: ") and reply line (prefixed "S: ")
   */
  public record Result(
      Map<String, String> rcptReplies, String finalReply, String queueId, List<String> transcript) {

    public Result {
      rcptReplies = Map.copyOf(rcptReplies);
      transcript = List.copyOf(transcript);
    }

    public boolean accepted() {
      return finalReply.startsWith("2");
    }

    public int finalCode() {
      return finalReply.length() >= 3 ? Integer.parseInt(finalReply.substring(0, 3)) : 0;
    }
  }

  /** Sends one message to 127.0.0.1:port. The message is CRLF-normalised and dot-stuffed on the wire. */
  public static Result send(int port, String helo, String from, List<String> rcpts, byte[] message) {
    return send(null, port, helo, from, rcpts, message);
  }

  /**
   * As {@link #send(int, String, String, List, byte[])}, from the loopback address {@code source} (e.g.
   * 127.0.0.2, so that the server sees a client outside 127.0.0.1/32); null for the default.
   */
  public static Result send(
      InetAddress source, int port, String helo, String from, List<String> rcpts, byte[] message) {
    List<String> transcript = new ArrayList<>();
    Map<String, String> rcptReplies = new LinkedHashMap<>();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port, source, 0)) {
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      String reply = reply(in, transcript);
      if (!reply.startsWith("220")) {
        return new Result(rcptReplies, reply, "", transcript);
      }
      reply = command(out, in, transcript, "EHLO " + helo);
      if (!reply.startsWith("250")) {
        return quit(out, in, transcript, rcptReplies, reply);
      }
      reply = command(out, in, transcript, "MAIL FROM:<" + from + ">");
      if (!reply.startsWith("250")) {
        return quit(out, in, transcript, rcptReplies, reply);
      }
      String lastRefusal = null;
      for (String r : rcpts) {
        String rr = command(out, in, transcript, "RCPT TO:<" + r + ">");
        rcptReplies.put(r, rr);
        if (!rr.startsWith("250")) {
          lastRefusal = rr;
        }
      }
      if (rcptReplies.values().stream().noneMatch(v -> v.startsWith("250"))) {
        return quit(out, in, transcript, rcptReplies, lastRefusal == null ? "554 no recipients" : lastRefusal);
      }
      reply = command(out, in, transcript, "DATA");
      if (!reply.startsWith("354")) {
        return quit(out, in, transcript, rcptReplies, reply);
      }
      out.write(dataOnWire(message));
      out.flush();
      transcript.add("C: <message, " + message.length + " bytes>");
      transcript.add("C: .");
      reply = reply(in, transcript);
      Matcher m = QUEUED_AS.matcher(reply);
      Result result = quit(out, in, transcript, rcptReplies, reply);
      return new Result(rcptReplies, reply, m.find() ? m.group(1) : "", result.transcript());
    } catch (IOException e) {
      throw new UncheckedIOException("SMTP to 127.0.0.1:" + port + " failed; transcript " + transcript, e);
    }
  }

  /** CRLF line ends, leading dots doubled, terminated by CRLF.CRLF. */
  static byte[] dataOnWire(byte[] message) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(message.length + 64);
    boolean lineStart = true;
    for (int i = 0; i < message.length; i++) {
      byte c = message[i];
      if (lineStart && c == '.') {
        b.write('.');
      }
      if (c == '\n' && (i == 0 || message[i - 1] != '\r')) {
        b.write('\r');
      }
      b.write(c);
      lineStart = c == '\n';
    }
    if (!lineStart) {
      b.write('\r');
      b.write('\n');
    }
    b.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  private static Result quit(
      OutputStream out, InputStream in, List<String> transcript, Map<String, String> rcpts, String decisive) {
    try {
      command(out, in, transcript, "QUIT");
    } catch (IOException e) {
      // the server may hang up first; the decisive reply is what matters
    }
    return new Result(rcpts, decisive, "", transcript);
  }

  private static String command(OutputStream out, InputStream in, List<String> transcript, String line)
      throws IOException {
    transcript.add("C: " + line);
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return reply(in, transcript);
  }

  /** Reads a possibly multi-line reply and returns its last line. */
  private static String reply(InputStream in, List<String> transcript) throws IOException {
    for (int i = 0; i < MAX_REPLY_LINES; i++) {
      String line = SmtpLines.readLine(in, 4096);
      if (line == null) {
        throw new IOException("connection closed by server");
      }
      transcript.add("S: " + line);
      if (line.length() < 4 || line.charAt(3) != '-') {
        return line;
      }
    }
    throw new IOException("reply longer than " + MAX_REPLY_LINES + " lines");
  }
}
