package dev.backstop.milter;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads milter packets ({@code uint32 length, command byte, data}) from a channel through one reusable buffer:
 * no allocation per packet once the buffer has grown to the largest packet seen. A length of 0 or above the
 * limit is a protocol error, detected before any allocation.
 */
final class PacketReader {
    private static final int INITIAL = 8192;

    private final ReadableByteChannel in;
    private final int maxPacketSize;
    private byte[] buf = new byte[INITIAL];
    private ByteBuffer io = ByteBuffer.wrap(buf);
    private int start;
    private int end;
    private byte command;
    private ByteBuffer data = ByteBuffer.allocate(0);

    PacketReader(ReadableByteChannel in, int maxPacketSize) {
        this.in = in;
        this.maxPacketSize = maxPacketSize;
    }

    /**
     * Reads the next packet.
     *
     * @return false on a clean end of stream between packets
     * @throws MilterProtocolException on a bad length
     * @throws EOFException when the stream ends inside a packet
     */
    boolean next() throws IOException {
        if (!fill(4)) {
            if (end == start) {
                return false;
            }
            throw new EOFException("connection closed inside a packet header (" + (end - start) + " of 4 bytes)");
        }
        int len = ((buf[start] & 0xff) << 24) | ((buf[start + 1] & 0xff) << 16) | ((buf[start + 2] & 0xff) << 8)
                | (buf[start + 3] & 0xff);
        if (len <= 0 || len > maxPacketSize) {
            throw new MilterProtocolException("bad packet length " + Integer.toUnsignedString(len)
                    + " (limit " + maxPacketSize + ")");
        }
        if (!fill(4 + len)) {
            throw new EOFException("connection closed inside a packet (" + (end - start - 4) + " of " + len + " bytes)");
        }
        command = buf[start + 4];
        data = ByteBuffer.wrap(buf, start + 5, len - 1).slice();
        start += 4 + len;
        return true;
    }

    /** The command byte of the last packet. */
    byte command() {
        return command;
    }

    /** The data of the last packet, valid until the next call to {@link #next()}. */
    ByteBuffer data() {
        return data;
    }

    private boolean fill(int n) throws IOException {
        while (end - start < n) {
            if (buf.length - start < n) {
                int have = end - start;
                if (buf.length < n) {
                    byte[] bigger = new byte[Math.max(n, Math.min(buf.length * 2, maxPacketSize + 4))];
                    System.arraycopy(buf, start, bigger, 0, have);
                    buf = bigger;
                    io = ByteBuffer.wrap(buf);
                } else {
                    System.arraycopy(buf, start, buf, 0, have);
                }
                start = 0;
                end = have;
            }
            io.limit(buf.length).position(end);
            int r = in.read(io);
            if (r < 0) {
                return false;
            }
            end += r;
        }
        return true;
    }
}
