package dev.backstop.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.junit.jupiter.api.Test;

/** The decoding must be mime4j's, byte for byte, however the encoded bytes arrive and the decoded are taken. */
class QuotedPrintableStreamTest {
    /** Escapes, soft and hard line breaks, lone CRs and LFs, white space (and bytes Java counts as such). */
    private static final String[] PIECES = {
        "=", "=", "==", "=3D", "=41", "=e9", "=4", "=G1", "=\r\n", "=\n", "= \r\n", "=\r", "\r\n", "\n", "\r",
        " ", " ", "\t", "\u000b", "\u001c", "\u00a0", "\u0085", "a", "bc", "\u00ff", "0", "F",
    };

    @Test
    void decodesAsMime4jDoes() throws IOException {
        Random random = new Random(5);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            byte[] encoded = b.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] expected = readAll(new QuotedPrintableInputStream(new ByteArrayInputStream(encoded),
                    DecodeMonitor.SILENT), 1 << 16);
            int chunk = 1 + random.nextInt(5);
            assertThat(readAll(new QuotedPrintableStream(new ByteArrayInputStream(encoded)), 1 << 16))
                    .as("%s", b).isEqualTo(expected);
            // the same when the encoded bytes come a few at a time and the decoded are taken a few at a time
            assertThat(readAll(new QuotedPrintableStream(trickle(encoded, chunk)), chunk)).as("%s", b)
                    .isEqualTo(expected);
        }
    }

    @Test
    void longBodiesAcrossItsBuffers() throws IOException {
        Random random = new Random(8);
        StringBuilder b = new StringBuilder();
        while (b.length() < 40_000) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
            if (random.nextInt(50) == 0) {
                b.append(" ".repeat(random.nextInt(6000))); // white space held back across buffer fills
            }
        }
        // mime4j's own buffer ends can change how it reads "==" or "=" and white space; leave those out here
        String text = b.toString().replace("==", "=3D").replace("= ", "=20").replace("=\t", "=09")
                .replace("=\u000b", "").replace("=\u001c", "");
        byte[] encoded = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] expected = readAll(new QuotedPrintableInputStream(new ByteArrayInputStream(encoded),
                DecodeMonitor.SILENT), 1 << 16);
        assertThat(readAll(new QuotedPrintableStream(new ByteArrayInputStream(encoded)), 1000)).isEqualTo(expected);
        assertThat(readAll(new QuotedPrintableStream(trickle(encoded, 7)), 1 << 16)).isEqualTo(expected);
    }

    @Test
    void closingLeavesTheBodyStreamOpen() throws IOException {
        boolean[] closed = {false};
        InputStream body = new ByteArrayInputStream("a=3Db".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (InputStream in = new QuotedPrintableStream(body)) {
            assertThat(in.read()).isEqualTo('a');
        }
        assertThat(closed[0]).isFalse();
    }

    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        for (int n; (n = in.read(buf, 0, chunk)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** A stream that hands out at most {@code chunk} bytes a read. */
    private static InputStream trickle(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
