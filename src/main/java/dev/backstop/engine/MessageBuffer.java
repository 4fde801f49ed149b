package dev.backstop.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headers and body of one message as the MTA streams them, rebuilt into raw bytes for the bounce reader and
 * the quarantine, up to a size limit. Past the limit it keeps counting but not storing, and says it was cut.
 */
final class MessageBuffer {
    static final int MAX_HEADERS = 2000;

    private final int limit;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream(1024);
    private boolean inBody;
    private boolean truncated;
    private long size;

    MessageBuffer(int limit) {
        this.limit = limit;
    }

    void header(String name, String value) {
        keep(name, value);
        // Postfix strips the space after the colon and sends folded lines with bare LF: write them back as CRLF.
        append((name + ": " + value.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A header kept for lookups only, for a message whose raw bytes nobody reads (outgoing mail is fingerprinted,
     * not kept): saves rebuilding and copying every header line of every message sent.
     */
    void headerOnly(String name, String value) {
        keep(name, value);
        size += name.length() + value.length() + 4;
    }

    /** Records a header for lookups, up to {@link #MAX_HEADERS}; past that the message counts as cut. */
    private void keep(String name, String value) {
        if (headers.size() < MAX_HEADERS) {
            headers.add(Map.entry(name, value));
        } else {
            truncated = true;
        }
    }

    void body(ByteBuffer chunk) {
        if (!inBody) {
            inBody = true;
            append(new byte[] {'\r', '\n'});
        }
        int n = chunk.remaining();
        size += n;
        int room = (int) Math.max(0, Math.min(n, limit - raw.size()));
        if (room < n) {
            truncated = true;
        }
        if (chunk.hasArray()) {
            raw.write(chunk.array(), chunk.arrayOffset() + chunk.position(), room);
        } else {
            byte[] b = new byte[room];
            chunk.duplicate().get(b);
            raw.write(b, 0, room);
        }
    }

    private void append(byte[] b) {
        size += b.length;
        int room = (int) Math.max(0, Math.min(b.length, limit - raw.size()));
        if (room < b.length) {
            truncated = true;
        }
        raw.write(b, 0, room);
    }

    /** The message as received so far (headers, blank line, body). */
    byte[] raw() {
        if (!inBody) {
            return concat(raw.toByteArray(), new byte[] {'\r', '\n'});
        }
        return raw.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The first header of that name, or empty. */
    String first(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue().trim();
            }
        }
        return "";
    }

    boolean truncated() {
        return truncated;
    }

    long size() {
        return size;
    }
}
