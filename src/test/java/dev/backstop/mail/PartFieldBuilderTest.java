package dev.backstop.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.DefaultFieldBuilder;
import org.apache.james.mime4j.stream.FieldBuilder;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.junit.jupiter.api.Test;

/** The short way for plain fields must accept, name and refuse exactly the lines mime4j's own builder does. */
class PartFieldBuilderTest {
    private static final String[] LINES = {
        "Subject: plain\r\n", "X-Tight:nospace\r\n", "Subject : blank before the colon\r\n",
        "Subject\t:\ttab\n", "X-Folded: a\r\n\tb\r\n", "(comment)Name: value\r\n", "Na(me): value\r\n",
        ": no name\r\n", "Two Words: value\r\n", "Two Words\r\n", "no colon at all\r\n", "\r\n", "",
        "Content-Type: text/plain; charset=us-ascii\r\n", "CONTENT-transfer-encoding: 7bit\r\n",
        "X-Utf8: gr\u00fc\u00dfe\r\n", "Gr\u00fc\u00dfe: name not ASCII\r\n", "Bad\u0001: control in the name\r\n",
        "\u0001Lead: control first\r\n", "Del\u007f: del in the name\r\n", "boundary=\"b\"\r\n",
        "  indented: value\r\n", "X-Url: http://host:80/path\r\n", "Word (note): value\r\n", "a:b:c\r\n",
    };

    @Test
    void shortWayAgreesWithMime4j() throws Exception {
        for (String line : LINES) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            String mime4j = outcome(new DefaultFieldBuilder(1 << 16), bytes, null);
            List<String> taken = new ArrayList<>();
            PartFieldBuilder b = new PartFieldBuilder(1 << 16,
                    (part, name, raw, len, delimiter) -> taken.add(name + "|" + delimiter));
            b.target(new MimePart(null));
            String ours = outcome(b, bytes, taken);
            assertThat(ours).as(line).isEqualTo(mime4j);
        }
    }

    @Test
    void plainFieldsGoToThePartAndContentFieldsBackToMime4j() throws Exception {
        List<String> taken = new ArrayList<>();
        PartFieldBuilder b = new PartFieldBuilder(1 << 16, (part, name, raw, len, delimiter) -> taken.add(name));
        b.target(new MimePart(null));
        assertThat(build(b, "Subject: x\r\n")).isNull();
        assertThat(build(b, "Content-Type: text/plain\r\n")).isNotNull();
        b.target(null); // a part that is not recorded: its plain fields are dropped
        assertThat(build(b, "From: a@b\r\n")).isNull();
        assertThat(taken).containsExactly("Subject");
    }

    private static RawField build(FieldBuilder b, String line) throws MimeException {
        b.reset();
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        b.append(new ByteArrayBuffer(bytes, bytes.length, false));
        return b.build();
    }

    /** "refused", or the field's name and delimiter as mime4j would see them. */
    private static String outcome(FieldBuilder b, byte[] bytes, List<String> taken) {
        b.reset();
        try {
            b.append(new ByteArrayBuffer(bytes, bytes.length, false));
            RawField f = b.build();
            if (f == null) {
                return taken.get(taken.size() - 1);
            }
            return f.getName() + "|" + f.getDelimiterIdx();
        } catch (MimeException e) {
            return "refused";
        }
    }
}
