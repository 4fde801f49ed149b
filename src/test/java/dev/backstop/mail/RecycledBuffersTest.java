package dev.backstop.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * mime4j reuses its line buffers per thread, and on a nested multipart whose boundary never comes it has handed
 * out bytes left in them by an earlier parse. What a message parses to must not depend on what the thread
 * parsed before.
 */
class RecycledBuffersTest {

    private static final String MARKER = "EARLIER-MESSAGE-TEXT";

    /**
     * A report whose inner multipart/alternative never sees its boundary, after header lines that are no field:
     * a fuzzed Office 365 bounce with its letters and digits blanked out (its shape is what matters).
     */
    private static byte[] brokenReport() {
        try (java.io.InputStream in = RecycledBuffersTest.class.getResourceAsStream("/mail/unclosed-nested-multipart.eml")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] decoy() {
        return ("Subject: decoy\r\nContent-Type: text/plain\r\n\r\n" + (MARKER + " ").repeat(400) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String dump(ParsedMessage m) {
        StringBuilder b = new StringBuilder();
        for (MimePart p : m.parts()) {
            b.append(p.mimeType()).append(" [").append(p.text()).append("]\n");
        }
        return b.toString();
    }

    private static String onFreshThread(java.util.function.Supplier<String> work) throws InterruptedException {
        AtomicReference<String> out = new AtomicReference<>();
        Thread t = new Thread(() -> out.set(work.get()));
        t.start();
        t.join();
        return out.get();
    }

    @Test
    void aParseDoesNotSeeTheBytesOfAnEarlierOne() throws Exception {
        String alone = onFreshThread(() -> dump(new MessageParser().parse(brokenReport())));
        assertThat(alone).contains("multipart/alternative").doesNotContain(MARKER);
        List<List<byte[]>> histories = List.of(List.of(brokenReport()), List.of(decoy()),
                List.of(decoy(), brokenReport(), decoy()));
        for (List<byte[]> before : histories) {
            String after = onFreshThread(() -> {
                MessageParser parser = new MessageParser();
                before.forEach(parser::parse);
                return dump(parser.parse(brokenReport()));
            });
            assertThat(after).as("after %d other messages", before.size()).doesNotContain(MARKER).isEqualTo(alone);
        }
    }
}
