package dev.backstop.mail;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.DefaultFieldBuilder;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.RecycledByteArrayBuffer;

/**
 * mime4j's field builder, with a short way for the common field: a plain ASCII name, a colon and an ASCII
 * value. mime4j still splits the header block into fields (folding, limits, where the body starts); such a
 * field is then recorded straight into the part being read and not handed back to mime4j, which only needs
 * the {@code Content-*} fields for its body descriptor. Every other field (non-ASCII bytes, an unusual name)
 * takes mime4j's own way, so the result is the same as with {@link DefaultFieldBuilder} alone.
 *
 * <p>A line that is no field at all ends the header block (mime4j's malformed-header-starts-body): it is
 * refused with an exception without a stack trace. mime4j's own is built for every such line (real bounces
 * have them often), and filling in its stack trace cost more than parsing the field.
 */
final class PartFieldBuilder extends DefaultFieldBuilder {
    private final FieldSink sink;
    private MimePart target;

    /** Receives the fields taken the short way. */
    interface FieldSink {
        void add(MimePart part, String name, byte[] raw, int length, int delimiter);
    }

    PartFieldBuilder(int maxHeaderLength, FieldSink sink) {
        super(maxHeaderLength);
        this.sink = sink;
    }

    /** The part whose header is read next; null when its fields are not recorded. */
    void target(MimePart part) {
        this.target = part;
    }

    @Override
    public RawField build() throws MimeException {
        RecycledByteArrayBuffer buf = getRaw();
        byte[] b = buf.buffer();
        int len = buf.length();
        // the same end as mime4j's: one LF, then one CR
        if (len > 0 && b[len - 1] == '\n') {
            len--;
        }
        if (len > 0 && b[len - 1] == '\r') {
            len--;
        }
        int name = 0;
        while (name < len && isNameByte(b[name])) {
            name++;
        }
        int colon = name;
        while (colon < len && isBlank(b[colon])) {
            colon++;
        }
        if (colon == len) {
            throw new NotAField(); // no colon at all (name bytes and blanks have none): mime4j finds no separator
        }
        if (name == 0 || b[colon] != ':') {
            if (name > 0 && colon > name && b[colon] != '(') {
                throw new NotAField(); // mime4j: a name with a blank in it
            }
            return super.build();
        }
        for (int i = colon + 1; i < len; i++) {
            if (b[i] < 0) {
                return super.build(); // mime4j decodes the value (as UTF-8); keep its way for such fields
            }
        }
        if (isContentField(b, name)) {
            return super.build(); // the body descriptor reads these; they come back as T_FIELD as usual
        }
        if (target != null) {
            sink.add(target, new String(b, 0, name, java.nio.charset.StandardCharsets.ISO_8859_1), b, len, colon);
        }
        return null; // mime4j goes on to the next field
    }

    /**
     * A byte mime4j keeps in a field name as it is: printable ASCII except the colon. {@code (} starts a
     * comment, which mime4j's name parser skips; such a name takes mime4j's own way.
     */
    private static boolean isNameByte(byte c) {
        return c >= 0x21 && c <= 0x7e && c != ':' && c != '(';
    }

    /** mime4j's white space between tokens. */
    static boolean isBlank(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isContentField(byte[] b, int nameLength) {
        String prefix = "content-";
        if (nameLength < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if ((b[i] | 0x20) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** mime4j's refusal of a line that is not a field; it only looks at the type. */
    private static final class NotAField extends MimeException {
        private static final long serialVersionUID = 1L;

        NotAField() {
            super("not a header field");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
