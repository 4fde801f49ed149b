package dev.backstop.milter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a batch of milter packets in one reusable buffer and writes the whole batch at once, so a reply with
 * its modifications leaves in one TCP segment (split replies stall on delayed ACKs).
 */
final class PacketWriter {
    private byte[] buf = new byte[4096];
    private int size;
    private int packetStart = -1;

    /** Starts a packet; its length is filled in by {@link #end()}. */
    PacketWriter begin(byte command) {
        if (packetStart >= 0) {
            throw new IllegalStateException("packet not ended");
        }
        packetStart = size;
        ensure(5);
        size += 4;
        buf[size++] = command;
        return this;
    }

    PacketWriter end() {
        int len = size - packetStart - 4;
        buf[packetStart] = (byte) (len >>> 24);
        buf[packetStart + 1] = (byte) (len >>> 16);
        buf[packetStart + 2] = (byte) (len >>> 8);
        buf[packetStart + 3] = (byte) len;
        packetStart = -1;
        return this;
    }

    /** A packet without data. */
    PacketWriter packet(byte command) {
        return begin(command).end();
    }

    PacketWriter putByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    PacketWriter putShort(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    PacketWriter putInt(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    PacketWriter putBytes(ByteBuffer b) {
        int n = b.remaining();
        ensure(n);
        b.get(b.position(), buf, size, n);
        size += n;
        return this;
    }

    /** A NUL-terminated UTF-8 string. */
    PacketWriter putString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length + 1);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        buf[size++] = 0;
        return this;
    }

    int size() {
        return size;
    }

    /** The batch so far, for tests. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Writes the batch in one go (looping only on short writes) and empties the buffer. */
    void flushTo(WritableByteChannel out) throws IOException {
        if (packetStart >= 0) {
            throw new IllegalStateException("packet not ended");
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, size);
        while (b.hasRemaining()) {
            out.write(b);
        }
        size = 0;
    }

    void clear() {
        size = 0;
        packetStart = -1;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
