package dev.backstop.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.BodyDescriptorBuilder;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.junit.jupiter.api.Test;

/** The body descriptors must be those of mime4j's own builder, the one it uses when given none. */
class PartDescriptorBuilderTest {
    private static final String[] PIECES = {
        "multipart/mixed", "multipart/digest", "MULTIPART/Report", "text/plain", "Text/HTML", "message/rfc822",
        "boundary", "Boundary", "charset", "CHARSET", "report-type", "=", "=", ";", ";", " ", " ", "\t",
        "\r\n ", "\"", "\"", "\"", "(", ")", "\\", "\\", "/", ",", "utf-8", "b", "x y", "=?", "=?utf-8?q?b?=", "\u00e9",
        "\u00ff", "",
    };

    @Test
    void sameDescriptorsAsMime4jsOwnBuilderForRandomContentFields() {
        Random random = new Random(11);
        for (int round = 0; round < 6000; round++) {
            String outer = randomValue(random);
            String inner = random.nextInt(3) == 0 ? "" : "Content-Type:" + randomValue(random) + "\r\n";
            String encoding = random.nextBoolean() ? "" : "Content-Transfer-Encoding:" + randomValue(random) + "\r\n";
            String length = random.nextInt(4) != 0 ? "" : "Content-Length: " + (random.nextBoolean() ? "12" : " x") + "\r\n";
            String message = "Content-Type:" + outer + "\r\n" + encoding + length + "Subject: s\r\n\r\n"
                    + "preamble\r\n--b\r\n" + inner + "\r\nfirst\r\n--b\r\n\r\nsecond\r\n--b--\r\n";
            byte[] raw = message.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(descriptors(raw, new PartDescriptorBuilder())).as(message).isEqualTo(descriptors(raw, null));
        }
    }

    private static final String[] TYPES = {"multipart/mixed", " Multipart/Report ", "text/plain", "TEXT / html", "x"};
    private static final String[] NAMES = {"boundary", "BOUNDARY", "charset", "Charset ", " report-type", "name"};
    private static final String[] INSIDE = {"a", "b c", "\\", "\\\"", "\\x", "\r\n ", "\r\n", ";", "=", "=?", "?=",
        "=?utf-8?q?x?=", " ", "\t"};

    /** Half the time a type and parameters with quoted values in them, else any sequence of pieces. */
    private static String randomValue(Random random) {
        if (random.nextBoolean()) {
            StringBuilder b = new StringBuilder(TYPES[random.nextInt(TYPES.length)]);
            for (int i = random.nextInt(4); i > 0; i--) {
                b.append(random.nextBoolean() ? "; " : ";\r\n\t").append(NAMES[random.nextInt(NAMES.length)]).append('=');
                boolean quoted = random.nextInt(3) != 0;
                b.append(quoted ? "\"" : "");
                for (int j = random.nextInt(5); j > 0; j--) {
                    b.append(INSIDE[random.nextInt(INSIDE.length)]);
                }
                b.append(quoted && random.nextInt(6) != 0 ? "\"" : "");
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    /**
     * Every descriptor the token stream gives, in order, as text; and where mime4j gave up (on some boundaries
     * it does, whichever builder made them).
     */
    private static List<String> descriptors(byte[] raw, BodyDescriptorBuilder builder) {
        MimeConfig config = new MimeConfig.Builder().setStrictParsing(false).setMalformedHeaderStartsBody(true).build();
        MimeTokenStream stream = new MimeTokenStream(config, DecodeMonitor.SILENT, null, builder);
        List<String> out = new ArrayList<>();
        try {
            stream.parse(new ByteArrayInputStream(raw));
            for (EntityState s = stream.getState(); s != EntityState.T_END_OF_STREAM; s = stream.next()) {
                if (s == EntityState.T_BODY || s == EntityState.T_START_MULTIPART) {
                    BodyDescriptor d = stream.getBodyDescriptor();
                    out.add(s + " " + d.getMimeType() + " " + d.getMediaType() + " " + d.getSubType() + " "
                            + d.getBoundary() + " " + d.getCharset() + " " + d.getTransferEncoding() + " "
                            + d.getContentLength());
                }
            }
        } catch (Exception e) {
            out.add("stopped: " + e);
        }
        return out;
    }
}
