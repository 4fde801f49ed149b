package dev.backstop.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentFingerprintTest {
    private static final String TEMPLATE = "Dear %s,\n\nyour account   at our bank has been suspended.\n"
            + "Please verify your details within %d hours at %s or write to %s.\n\nRegards,\nSecurity team %s\n";

    private static String copy(String name, int hours, String link, String mail, String ref) {
        return String.format(TEMPLATE, name, hours, link, mail, ref);
    }

    @Test
    void oneTemplateWithVaryingNamesLinksNumbersAndWhitespaceMatches() {
        long a = ContentFingerprint.of("Account suspended", copy("John", 24, "http://evil.example/a?id=1", "a@x.example", "#1234"));
        long b = ContentFingerprint.of("Account suspended", copy("Maria", 48, "https://other.example/zz", "bob@y.example", "#99")
                .replace("  ", " ").replace("\n", "\r\n"));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void differentTextOrSubjectDiffers() {
        long a = ContentFingerprint.of("Account suspended", copy("John", 24, "x", "y", "z"));
        long other = ContentFingerprint.of("Account suspended", "hello, shall we meet for lunch tomorrow?");
        long otherSubject = ContentFingerprint.of("lunch", copy("John", 24, "x", "y", "z"));
        assertThat(a).isNotEqualTo(other).isNotEqualTo(otherSubject);
    }

    @Test
    void chunkBoundariesDoNotMatter() {
        String body = copy("John", 24, "http://evil.example/a", "a@x.example", "ref") + "x".repeat(100);
        long whole = ContentFingerprint.of("s", body);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 3, 7, 64}) {
            ContentFingerprint f = new ContentFingerprint("s");
            for (int i = 0; i < bytes.length; i += chunk) {
                ByteBuffer buf = ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i));
                f.update(buf);
                assertThat(buf.remaining()).isZero();
            }
            assertThat(f.finish()).as("chunk %d", chunk).isEqualTo(whole);
        }
    }

    @Test
    void onlyTheFirst64KiBCount() {
        String head = "words of the template ".repeat(4000); // > 64 KiB
        assertThat(head.length()).isGreaterThan(ContentFingerprint.MAX_BYTES);
        assertThat(ContentFingerprint.of("s", head + "tail one")).isEqualTo(ContentFingerprint.of("s", head + "other tail"));
        assertThat(ContentFingerprint.of("s", "short tail one")).isNotEqualTo(ContentFingerprint.of("s", "short other tail"));
    }
}
