package dev.backstop.mail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.BodyDescriptorBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * What mime4j's default body descriptor builder (used when none is given) makes of a part's
 * {@code Content-Type}, {@code Content-Transfer-Encoding} and {@code Content-Length}, with a short way for a
 * plain {@code Content-Type}: one of ASCII without comments is split into its value and parameters in one
 * pass, instead of by mime4j's general field parser. Any other {@code Content-Type} (and a quoted parameter
 * that is an encoded word) goes to mime4j's parser, and what follows is the same for both.
 * {@code PartDescriptorBuilderTest} holds it to mime4j's own builder.
 *
 * <p>One deliberate difference: the media type is lower-cased in the root locale, mime4j's builder uses the
 * JVM's default locale (in a Turkish one, {@code MULTIPART/MIXED} would not be multipart there).
 */
final class PartDescriptorBuilder implements BodyDescriptorBuilder {
    private final String parentMimeType;
    private String mediaType;
    private String subType;
    private String mimeType;
    private String boundary;
    private String charset;
    private String transferEncoding;
    private long contentLength = -1;

    PartDescriptorBuilder() {
        this(null);
    }

    private PartDescriptorBuilder(String parentMimeType) {
        this.parentMimeType = parentMimeType;
    }

    @Override
    public void reset() {
        mediaType = null;
        subType = null;
        mimeType = null;
        boundary = null;
        charset = null;
        transferEncoding = null;
        contentLength = -1;
    }

    @Override
    public BodyDescriptorBuilder newChild() {
        return new PartDescriptorBuilder(mimeType);
    }

    @Override
    public Field addField(RawField field) {
        String name = field.getName();
        if (isNamed(name, "content-transfer-encoding")) {
            String value = field.getBody();
            if (transferEncoding == null && value != null && !value.trim().isEmpty()) {
                transferEncoding = value.trim().toLowerCase(Locale.US);
            }
        } else if (isNamed(name, "content-length")) {
            String value = field.getBody();
            if (contentLength == -1 && value != null) {
                try {
                    contentLength = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    // mime4j's builder ignores it too (its decode monitor is silent here)
                }
            }
        } else if (isNamed(name, "content-type") && mimeType == null) {
            contentType(field);
        }
        return null;
    }

    private void contentType(RawField field) {
        Body body = plain(field);
        if (body == null) {
            RawBody parsed = RawFieldParser.DEFAULT.parseRawBody(field);
            body = new Body(parsed.getValue(), parsed.getParams());
        }
        Map<String, String> params = new HashMap<>();
        for (NameValuePair p : body.params()) {
            params.put(p.getName().toLowerCase(Locale.US), p.getValue());
        }
        String main = body.value();
        String type = null;
        String sub = null;
        if (main != null) {
            main = main.toLowerCase(Locale.ROOT).trim();
            int slash = main.indexOf('/');
            if (slash >= 0) {
                type = main.substring(0, slash).trim();
                sub = main.substring(slash + 1).trim();
            }
            if (type != null && !type.isEmpty() && !sub.isEmpty()) {
                main = type + "/" + sub;
            } else {
                main = null;
                type = null;
                sub = null;
            }
        }
        String b = params.get("boundary");
        boolean multipart = main != null && main.startsWith("multipart/");
        if (!multipart || b != null) { // a multipart type without a boundary is as good as none
            mimeType = main;
            mediaType = type;
            subType = sub;
        }
        if (mimeType != null && mimeType.startsWith("multipart/")) {
            boundary = b;
        }
        String c = params.get("charset");
        charset = c != null && !c.trim().isEmpty() ? c.trim() : null;
    }

    /**
     * The value and parameters of a field body of ASCII without {@code (}, as mime4j's parser gives them: a
     * value or parameter is its runs of non-blank characters joined by one space; the value ends at {@code ;},
     * a parameter name at {@code =} or {@code ;}, a parameter value at {@code ;} outside quotes. Null for any
     * other body.
     */
    private static Body plain(RawField field) {
        ByteSequence raw = field.getRaw();
        if (raw == null) {
            return null;
        }
        int end = raw.length();
        int from = field.getDelimiterIdx() + 1;
        for (int i = from; i < end; i++) {
            int c = raw.byteAt(i);
            if (c < 0 || c == '(') {
                return null;
            }
        }
        int[] at = {from};
        String value = token(raw, at, end, false, false);
        List<NameValuePair> params = new ArrayList<>();
        if (at[0] < end) {
            at[0]++; // the ';'
            while (at[0] < end && PartFieldBuilder.isBlank(raw.byteAt(at[0]))) {
                at[0]++; // once here, not between parameters: "a=b; " ends with a nameless parameter
            }
            while (at[0] < end) {
                String name = token(raw, at, end, true, false);
                if (at[0] == end || raw.byteAt(at[0]) == ';') {
                    params.add(new NameValuePair(name, null));
                    at[0] = Math.min(end, at[0] + 1);
                    continue;
                }
                at[0]++; // the '='
                String v = token(raw, at, end, false, true);
                if (v == null) {
                    return null;
                }
                params.add(new NameValuePair(name, v));
                at[0] = Math.min(end, at[0] + 1);
            }
        }
        return new Body(value, params);
    }

    /**
     * The runs of non-blank characters up to {@code ;} (or {@code =} too), joined by one space. With
     * {@code quotes} (a parameter value), a quoted string is one run: its backslash escapes undone (a backslash
     * before another character stays) and its line breaks dropped. Null for a quoted string that starts with
     * an encoded word, which mime4j decodes.
     */
    private static String token(ByteSequence raw, int[] at, int end, boolean stopAtEquals, boolean quotes) {
        StringBuilder out = new StringBuilder();
        boolean blank = false;
        int i = at[0];
        while (i < end) {
            char c = (char) raw.byteAt(i);
            if (c == ';' || c == '=' && stopAtEquals) {
                break;
            }
            if (PartFieldBuilder.isBlank(c)) {
                blank = true;
                i++;
                continue;
            }
            if (blank && out.length() > 0) {
                out.append(' ');
            }
            blank = false;
            if (c != '"' || !quotes) {
                out.append(c);
                i++;
                continue;
            }
            int start = out.length();
            boolean escaped = false;
            for (i++; i < end; i++) {
                c = (char) raw.byteAt(i);
                if (escaped) {
                    if (c != '"' && c != '\\') {
                        out.append('\\');
                    }
                    out.append(c);
                    escaped = false;
                } else if (c == '"') {
                    i++;
                    break;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c != '\r' && c != '\n') {
                    out.append(c);
                }
            }
            if (out.length() - start > 1 && out.charAt(start) == '=' && out.charAt(start + 1) == '?') {
                return null;
            }
        }
        at[0] = i;
        return out.toString();
    }

    /** A field body as mime4j's parser splits it. */
    private record Body(String value, List<NameValuePair> params) {}

    /** Is the field name this lower-case ASCII name in any letter case? (Characters outside ASCII never match.) */
    private static boolean isNamed(String name, String lower) {
        if (name.length() != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public BodyDescriptor build() {
        String type = mimeType;
        String media = mediaType;
        String sub = subType;
        if (type == null) {
            boolean digest = parentMimeType != null && parentMimeType.equalsIgnoreCase("multipart/digest");
            type = digest ? "message/rfc822" : "text/plain";
            media = digest ? "message" : "text";
            sub = digest ? "rfc822" : "plain";
        }
        String cs = charset == null && "text".equals(media) ? "us-ascii" : charset;
        return new Descriptor(type, media, sub, boundary, cs, transferEncoding != null ? transferEncoding : "7bit",
                contentLength);
    }

    private static final class Descriptor implements BodyDescriptor {
        private final String mimeType;
        private final String mediaType;
        private final String subType;
        private final String boundary;
        private final String charset;
        private final String transferEncoding;
        private final long contentLength;

        Descriptor(String mimeType, String mediaType, String subType, String boundary, String charset,
                String transferEncoding, long contentLength) {
            this.mimeType = mimeType;
            this.mediaType = mediaType;
            this.subType = subType;
            this.boundary = boundary;
            this.charset = charset;
            this.transferEncoding = transferEncoding;
            this.contentLength = contentLength;
        }

        @Override
        public String getMimeType() {
            return mimeType;
        }

        @Override
        public String getMediaType() {
            return mediaType;
        }

        @Override
        public String getSubType() {
            return subType;
        }

        @Override
        public String getBoundary() {
            return boundary;
        }

        @Override
        public String getCharset() {
            return charset;
        }

        @Override
        public String getTransferEncoding() {
            return transferEncoding;
        }

        @Override
        public long getContentLength() {
            return contentLength;
        }
    }
}
