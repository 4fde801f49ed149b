package dev.backstop.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.junit.jupiter.api.Test;

/** Header values taken from the raw text must equal what mime4j's own field decoding gives. */
class MessageParserHeaderTest {

    @Test
    void headerValuesAgreeWithMime4jDecoding() {
        String message = "Subject: plain\r\n"
                + "X-Folded: first\r\n\tsecond\r\n  third\r\n"
                + "X-Tight:nospace\r\n"
                + "X-Empty:\r\n"
                + "X-Blank: \r\n"
                + "X-Utf8: gr\u00fc\u00dfe \u00e0 vous\r\n"
                + "X-Tab:\tvalue\twith tab\r\n"
                + "\r\nbody\r\n";
        byte[] raw = message.getBytes(StandardCharsets.UTF_8);
        List<Header> headers = new MessageParser().parse(raw).root().headers();
        List<String> expected = mime4jBodies(raw);
        assertThat(headers).extracting(Header::value).containsExactlyElementsOf(expected);
        assertThat(headers.get(5).value()).isEqualTo("gr\u00fc\u00dfe \u00e0 vous");
        assertThat(headers.get(1).raw()).isEqualTo("X-Folded: first\r\n\tsecond\r\n  third");
    }

    /** mime4j's decoding of each top-level field, with the parser's own unfolding and trimming. */
    private static List<String> mime4jBodies(byte[] raw) {
        MimeTokenStream stream = new MimeTokenStream(new MimeConfig.Builder().setStrictParsing(false).build());
        stream.parse(new ByteArrayInputStream(raw));
        List<String> out = new ArrayList<>();
        try {
            for (EntityState s = stream.getState(); s != EntityState.T_END_HEADER; s = stream.next()) {
                if (s == EntityState.T_FIELD) {
                    out.add(MessageParser.unfold(stream.getField().getBody()).trim());
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
