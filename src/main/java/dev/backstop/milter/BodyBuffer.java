package dev.backstop.milter;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects body chunks up to a limit, for sessions that need the whole message. Bytes past the limit are
 * counted but not kept, so a huge message costs no more than {@code limit} bytes of memory; {@link #truncated()}
 * says whether that happened. Not thread-safe (a session's callbacks run on one thread).
 */
public final class BodyBuffer {
    private final int limit;
    private byte[] bytes;
    private int size;
    private long seen;

    /** @param limit the most bytes kept, e.g. 10 MiB; must be positive */
    public BodyBuffer(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("body limit must be positive: " + limit);
        }
        this.limit = limit;
        this.bytes = new byte[Math.min(limit, 8192)];
    }

    /** Copies what fits under the limit from the chunk, leaving the chunk's position unchanged. */
    public void append(ByteBuffer chunk) {
        int n = chunk.remaining();
        seen += n;
        int take = Math.min(n, limit - size);
        if (take <= 0) {
            return;
        }
        if (size + take > bytes.length) {
            int grown = (int) Math.min(limit, Math.max((long) bytes.length * 2, (long) size + take));
            bytes = Arrays.copyOf(bytes, grown);
        }
        chunk.get(chunk.position(), bytes, size, take);
        size += take;
    }

    /** Forgets the content, for the next message of the session. */
    public void reset() {
        size = 0;
        seen = 0;
    }

    public int size() {
        return size;
    }

    /** All body bytes the MTA sent, including those past the limit. */
    public long seen() {
        return seen;
    }

    public boolean truncated() {
        return seen > size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    public InputStream inputStream() {
        return new ByteArrayInputStream(bytes, 0, size);
    }
}
