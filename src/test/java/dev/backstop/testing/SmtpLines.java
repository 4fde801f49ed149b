package dev.backstop.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads CRLF (or bare LF) terminated lines from a byte stream with a length limit. */
final class SmtpLines {

  private SmtpLines() {}

  /** One line without its line end, decoded as UTF-8, or null at end of stream. */
  static String readLine(InputStream in, int maxBytes) throws IOException {
    byte[] raw = readRawLine(in, maxBytes);
    if (raw == null) {
      return null;
    }
    int n = raw.length;
    if (n > 0 && raw[n - 1] == '\n') {
      n--;
    }
    if (n > 0 && raw[n - 1] == '\r') {
      n--;
    }
    return new String(raw, 0, n, StandardCharsets.UTF_8);
  }

  /** One line including its line end, or null at end of stream; throws when longer than maxBytes. */
  static byte[] readRawLine(InputStream in, int maxBytes) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      if (c == '\n') {
        return b.toByteArray();
      }
      if (b.size() > maxBytes) {
        throw new IOException("line longer than " + maxBytes + " bytes");
      }
    }
    return b.size() == 0 ? null : b.toByteArray();
  }
}
