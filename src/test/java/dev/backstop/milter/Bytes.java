package dev.backstop.milter;

import java.nio.charset.StandardCharsets;

/** Test notation for wire bytes: string literals as ISO-8859-1, so "\0\0\0\1c" is a 1-byte CONTINUE packet. */
final class Bytes {
    private Bytes() {}

    static byte[] bytes(String... parts) {
        return String.join("", parts).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One packet: 4-byte big-endian length, the command, the data. */
    static byte[] packet(char command, String data) {
        byte[] d = data.getBytes(StandardCharsets.ISO_8859_1);
        int len = d.length + 1;
        byte[] out = new byte[4 + len];
        out[0] = (byte) (len >>> 24);
        out[1] = (byte) (len >>> 16);
        out[2] = (byte) (len >>> 8);
        out[3] = (byte) len;
        out[4] = (byte) command;
        System.arraycopy(d, 0, out, 5, d.length);
        return out;
    }

    static byte[] concat(byte[]... arrays) {
        int n = 0;
        for (byte[] a : arrays) {
            n += a.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] a : arrays) {
            System.arraycopy(a, 0, out, off, a.length);
            off += a.length;
        }
        return out;
    }
}
