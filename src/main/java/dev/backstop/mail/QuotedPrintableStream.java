package dev.backstop.mail;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Decodes a quoted-printable body the way mime4j's {@code QuotedPrintableInputStream} does when its decode
 * monitor is silent, quirks included: white space is held back until something other than a line break
 * follows it (so white space before a line break goes), a line break is always CRLF, {@code =} before white
 * space is a soft line break, a malformed escape is kept as it is, and a lone CR is kept. mime4j's stream builds
 * a warning text for every dropped run of white space and looks at every byte through
 * {@link Character#isWhitespace(int)}, which made it one of the MIME parser's larger costs on bounces.
 *
 * <p>One difference, on purpose: mime4j decides a few sequences ({@code ==} before a line break, {@code =}
 * followed by white space) by peeking at bytes that may not have been read yet at the end of its buffer, so
 * the same body could decode differently depending on how the bytes arrived. Here the bytes needed are always
 * read first. {@code QuotedPrintableStreamTest} holds the two to the same output otherwise.
 *
 * <p>Closing it does not close the stream it reads (neither does mime4j's): the MIME parser reads on from there.
 */
final class QuotedPrintableStream extends InputStream {
    /** Bytes after an {@code =} that decide what it is: "==" then a CRLF looks three bytes on. */
    private static final int LOOKAHEAD = 3;
    private static final boolean[] WHITESPACE = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            WHITESPACE[c] = Character.isWhitespace(c);
        }
    }

    private final InputStream in;
    private final byte[] raw = new byte[4096];
    private int rawPos;
    private int rawLen;
    private boolean eof;

    private byte[] out = new byte[4096];
    private int outPos;
    private int outLen;

    private byte[] blanks = new byte[64];
    private int blankLen;
    private boolean lastWasCr;
    private final byte[] one = new byte[1];

    QuotedPrintableStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (outPos == outLen) {
            outPos = 0;
            outLen = 0;
            if (!decodeMore()) {
                return -1;
            }
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    /** Reads more of the body and decodes it; false at its end, when nothing more came out. */
    private boolean decodeMore() throws IOException {
        while (true) {
            fill();
            decode();
            if (outLen > 0) {
                return true;
            }
            if (eof && rawPos == rawLen) {
                return false;
            }
        }
    }

    /** Keeps what is left undecoded and reads on until there is enough to look ahead, or the end. */
    private void fill() throws IOException {
        if (rawPos > 0) {
            System.arraycopy(raw, rawPos, raw, 0, rawLen - rawPos);
            rawLen -= rawPos;
            rawPos = 0;
        }
        while (!eof && rawLen < raw.length) {
            int n = in.read(raw, rawLen, raw.length - rawLen);
            if (n < 0) {
                eof = true;
            } else {
                rawLen += n;
                if (rawLen > LOOKAHEAD) {
                    break;
                }
            }
        }
    }

    private void decode() {
        while (rawPos < rawLen) {
            int b = raw[rawPos] & 0xff;
            if (b == '=' && !eof && rawLen - rawPos <= LOOKAHEAD) {
                return; // what it means depends on bytes not read yet
            }
            rawPos++;
            if (lastWasCr && b != '\n') {
                emit('\r'); // a lone CR stays
            }
            if (b == '\r') {
                lastWasCr = true;
                continue;
            }
            lastWasCr = false;
            if (b == '\n') {
                if (blankLen == 0 || blanks[0] != '=') {
                    emit('\r'); // a hard line break; the white space before it goes
                    emit('\n');
                }
                blankLen = 0;
            } else if (b == '=') {
                escape();
            } else if (WHITESPACE[b]) {
                hold(b);
            } else {
                emitHeld(b);
            }
        }
    }

    /** After an {@code =}: a literal "==", a soft line break, a hexadecimal byte, or a malformed escape. */
    private void escape() {
        int b2 = next();
        if (b2 == '=') {
            emitHeld('=');
            int b3 = peek(0);
            if (b3 == '\n' || b3 == '\r' && peek(1) == '\n') {
                hold('='); // "==" at the end of a line: that line break is soft
            }
        } else if (b2 >= 0 && WHITESPACE[b2]) {
            // (mime4j also notes a CR here when an LF follows; that LF clears the note before anything reads it)
            flushHeld();
            if (b2 != '\n') {
                hold('=');
                hold(b2);
            }
        } else {
            int b3 = next();
            int hi = hex(b2);
            int lo = hex(b3);
            if (hi < 0 || lo < 0) {
                emitHeld('=');
                if (b2 >= 0) {
                    emit(b2);
                }
                if (b3 >= 0) {
                    emit(b3);
                }
            } else {
                emitHeld(hi << 4 | lo);
            }
        }
    }

    private int next() {
        return rawPos < rawLen ? raw[rawPos++] & 0xff : -1;
    }

    private int peek(int i) {
        return rawPos + i < rawLen ? raw[rawPos + i] & 0xff : -1;
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private void hold(int b) {
        if (blankLen == blanks.length) {
            blanks = Arrays.copyOf(blanks, blankLen * 2);
        }
        blanks[blankLen++] = (byte) b;
    }

    /** The white space held back, then the byte. */
    private void emitHeld(int b) {
        flushHeld();
        emit(b);
    }

    private void flushHeld() {
        for (int i = 0; i < blankLen; i++) {
            emit(blanks[i]);
        }
        blankLen = 0;
    }

    private void emit(int b) {
        if (outLen == out.length) {
            out = Arrays.copyOf(out, outLen * 2);
        }
        out[outLen++] = (byte) b;
    }
}
