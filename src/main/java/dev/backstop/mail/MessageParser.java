package dev.backstop.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * Reads a raw message into a {@link ParsedMessage} with mime4j's streaming tokenizer, leniently and within
 * {@link MailLimits}. It never throws on bad input: whatever it met is in {@link ParsedMessage#defects()}.
 * The tree is built with an explicit stack, so nesting depth costs heap, never Java stack.
 */
public final class MessageParser {
    private final MailLimits limits;
    private final MimeConfig config;

    public MessageParser(MailLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.config = new MimeConfig.Builder()
                .setStrictParsing(false)
                .setMalformedHeaderStartsBody(true)
                .setMaxLineLen(limits.maxLineLength())
                .setMaxHeaderCount(limits.maxHeaderCount())
                .setMaxHeaderLen(limits.maxHeaderLength())
                .setMaxContentLen(limits.maxBytes())
                .build();
    }

    public MessageParser() {
        this(MailLimits.DEFAULTS);
    }

    public ParsedMessage parse(byte[] raw) {
        Defects defects = new Defects(limits.maxDefects());
        int len = raw.length;
        if (len > limits.maxBytes()) {
            defects.add("message of " + len + " bytes cut to " + limits.maxBytes());
            len = limits.maxBytes();
        }
        int start = mboxEnvelopeEnd(raw, len);
        byte[] mended = HeaderRepair.mend(raw, start, len);
        if (mended != raw) {
            defects.add("header line without its folding white space re-joined");
            return parse(new ByteArrayInputStream(mended), defects);
        }
        return parse(new ByteArrayInputStream(raw, start, len - start), defects);
    }

    private ParsedMessage parse(InputStream in, Defects defects) {
        RecycledBuffers.forget();
        PartFieldBuilder fields = new PartFieldBuilder(config.getMaxHeaderLen(), new HeaderSink(defects));
        MimeTokenStream stream = new MimeTokenStream(config, DecodeMonitor.SILENT, fields, new PartDescriptorBuilder());
        MimePart root = new MimePart(null);
        Deque<MimePart> stack = new ArrayDeque<>();
        Walk walk = new Walk();
        try {
            stream.parse(in);
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_START_MESSAGE, T_START_BODYPART -> {
                        MimePart part = stack.isEmpty() ? root : walk.child(stack.peek(), limits, defects);
                        stack.push(part);
                        fields.target(walk.attached(part) ? part : null);
                    }
                    case T_FIELD -> addField(stack.peek(), stream.getField(), walk, defects);
                    case T_END_HEADER -> endHeader(stream, stack.peek(), walk, defects);
                    case T_START_MULTIPART -> describe(stream, stack.peek());
                    case T_PREAMBLE -> readPreamble(stream, stack.peek(), walk, defects);
                    case T_BODY -> {
                        describe(stream, stack.peek());
                        readBody(stream, stack.peek(), walk, defects);
                    }
                    case T_END_MESSAGE, T_END_BODYPART -> {
                        stack.pop();
                        if (stack.size() < limits.maxDepth() && stream.getRecursionMode() == RecursionMode.M_FLAT) {
                            stream.setRecursionMode(RecursionMode.M_RECURSE);
                        }
                    }
                    default -> { }
                }
                if (stack.isEmpty() && state == EntityState.T_END_MESSAGE) {
                    break;
                }
            }
        } catch (Exception | StackOverflowError e) {
            defects.add("parse stopped: " + e.getClass().getSimpleName() + messageOf(e));
        }
        if (walk.scratch.length <= KEPT_SCRATCH) {
            SCRATCH.set(walk.scratch);
        }
        return new ParsedMessage(root, defects.toList());
    }

    /** Records the fields {@link PartFieldBuilder} takes the short way into their part. */
    private final class HeaderSink implements PartFieldBuilder.FieldSink {
        private final Defects defects;

        HeaderSink(Defects defects) {
            this.defects = defects;
        }

        @Override
        public void add(MimePart part, String name, byte[] raw, int length, int delimiter) {
            Header h = asciiHeader(name, raw, length, delimiter, defects, true);
            if (h != null) {
                part.addHeader(h);
            }
        }
    }

    private void addField(MimePart part, Field field, Walk walk, Defects defects) {
        if (part == null || !walk.attached(part)) {
            return;
        }
        ByteSequence rawBytes = field.getRaw();
        if (rawBytes != null && field instanceof RawField f) {
            byte[] b = rawBytes instanceof ByteArrayBuffer buf ? buf.buffer() : rawBytes.toByteArray();
            Header h = asciiHeader(f.getName(), b, rawBytes.length(), f.getDelimiterIdx(), defects, false);
            if (h != null) {
                part.addHeader(h);
                return;
            }
        }
        String raw = rawBytes == null ? null : new String(rawBytes.toByteArray(), StandardCharsets.ISO_8859_1);
        String decoded = field.getBody();
        raw = stripEol(raw == null ? field.getName() + ": " + decoded : raw);
        part.addHeader(header(field.getName(), decoded == null ? "" : unfold(decoded), raw, defects));
    }

    /** The header as recorded: its body cut at the length limit (a defect then), name and body trimmed. */
    private Header header(String name, String body, String raw, Defects defects) {
        if (body.length() > limits.maxHeaderLength()) {
            defects.add("header " + name + " cut at " + limits.maxHeaderLength() + " characters");
            body = body.substring(0, limits.maxHeaderLength());
        }
        return new Header(name.trim(), body.trim(), raw);
    }

    /**
     * The header of an all-ASCII field, made from its raw bytes: the value is what mime4j's
     * {@link RawField#getBody()} gives (the text after the colon and one white space, line breaks taken out),
     * without decoding the field again char by char, and made from the raw text only when asked for. Null for
     * a field with other bytes, which mime4j decodes as UTF-8; {@code ascii} says the caller has checked.
     */
    private Header asciiHeader(String name, byte[] b, int len, int delimiter, Defects defects, boolean ascii) {
        int off = delimiter + 1;
        if (delimiter < 0 || off > len) {
            return null;
        }
        if (!ascii) {
            for (int i = 0; i < len; i++) {
                if (b[i] < 0) {
                    return null;
                }
            }
        }
        int rawEnd = len;
        while (rawEnd > 0 && (b[rawEnd - 1] == '\n' || b[rawEnd - 1] == '\r')) {
            rawEnd--;
        }
        String raw = new String(b, 0, rawEnd, StandardCharsets.ISO_8859_1);
        if (len > off + 1 && isWhitespace(b[off])) {
            off++;
        }
        int breaks = 0;
        for (int i = off; i < len; i++) {
            byte c = b[i];
            if (c == '\r' || c == '\n') {
                breaks++;
            }
        }
        // past rawEnd there are only line breaks, which the value leaves out anyway
        int valueStart = Math.min(off, rawEnd);
        if (len - off - breaks <= limits.maxHeaderLength()) {
            return Header.lazy(name.trim(), raw, valueStart, breaks > 0);
        }
        return header(name, Header.withoutBreaks(raw.substring(valueStart)), raw, defects); // cut, with a defect
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private void endHeader(MimeTokenStream stream, MimePart part, Walk walk, Defects defects) {
        if (part != null) {
            // mime4j gives no body descriptor before an embedded message starts, so read the type here
            String ct = part.header("Content-Type");
            int semi = ct.indexOf(';');
            String type = (semi < 0 ? ct : ct.substring(0, semi)).trim();
            boolean digest = part.parent() != null && part.parent().mimeType().equals("multipart/digest");
            part.setMimeType(type.indexOf('/') > 0 ? type : digest ? "message/rfc822" : "text/plain", "");
        }
        if (part != null && part.depth() >= limits.maxDepth() && stream.getRecursionMode() != RecursionMode.M_FLAT) {
            if (!walk.depthReported) {
                defects.add("nesting deeper than " + limits.maxDepth() + " levels not parsed");
                walk.depthReported = true;
            }
            stream.setRecursionMode(RecursionMode.M_FLAT);
        }
    }

    private static void describe(MimeTokenStream stream, MimePart part) {
        BodyDescriptor bd = stream.getBodyDescriptor();
        if (bd != null && part != null) {
            part.setMimeType(bd.getMimeType(), bd.getCharset());
        }
    }

    private void readBody(MimeTokenStream stream, MimePart part, Walk walk, Defects defects) throws IOException {
        if (part == null || !walk.attached(part) || !isTextual(part.mimeType()) || walk.textLeft <= 0
                || insideEmbeddedBody(part) && !part.mimeType().equals("message/delivery-status")) {
            return;
        }
        int want = Math.min(limits.maxTextPerPart(), walk.textLeft);
        int n = 0;
        walk.filled = 0;
        try (InputStream body = decoded(stream)) {
            n = walk.fill(body, want);
            if (n == want && body.read() >= 0) {
                defects.add("text of a " + part.mimeType() + " part cut at " + want + " bytes");
            }
        } catch (IOException | RuntimeException e) {
            n = walk.filled;
            defects.add("body of a " + part.mimeType() + " part unreadable: " + e.getClass().getSimpleName());
        }
        String text = TextDecoding.decode(walk.scratch, n, part.charset(), defects);
        walk.textLeft -= text.length();
        part.setText(text);
    }

    /** The body being read, transfer-decoded: quoted-printable by {@link QuotedPrintableStream}, the rest by mime4j. */
    private static InputStream decoded(MimeTokenStream stream) {
        BodyDescriptor bd = stream.getBodyDescriptor();
        return bd != null && "quoted-printable".equalsIgnoreCase(bd.getTransferEncoding())
                ? new QuotedPrintableStream(stream.getInputStream()) : stream.getDecodedInputStream();
    }

    /**
     * Keeps the preamble of a multipart as its text. A multipart whose boundary never occurs (a broken
     * generator, a lost Content-Type parameter) has its whole body there, and that is often the notice.
     */
    private void readPreamble(MimeTokenStream stream, MimePart part, Walk walk, Defects defects) {
        if (part == null || !walk.attached(part) || walk.textLeft <= 0 || insideEmbeddedBody(part)) {
            return;
        }
        int want = Math.min(limits.maxTextPerPart(), walk.textLeft);
        try (InputStream in = stream.getInputStream()) {
            int n = walk.fill(in, want);
            String text = TextDecoding.decode(walk.scratch, n, "", defects);
            walk.textLeft -= text.length();
            part.setText(text);
        } catch (IOException | RuntimeException e) {
            // a preamble is never essential; the parts that follow are read as usual
        }
    }

    /**
     * Bodies inside an attached message are not decoded: for bounces only the embedded headers matter, and
     * decoding the original's body would cost most of the time on large originals. The exception, a
     * delivery-status part, is small and is what a relay forwarding someone else's bounce carries.
     */
    private static boolean insideEmbeddedBody(MimePart part) {
        for (MimePart a = part.parent(); a != null; a = a.parent()) {
            if (a.mimeType().startsWith("message/rfc822") || a.mimeType().equals("message/global")) {
                return true;
            }
        }
        return false;
    }

    static boolean isTextual(String mimeType) {
        return mimeType.startsWith("text/") || mimeType.startsWith("message/delivery-status")
                || mimeType.startsWith("message/global-delivery-status") || mimeType.startsWith("message/feedback-report")
                || mimeType.startsWith("message/disposition-notification") || mimeType.equals("message/rfc822-headers")
                || mimeType.equals("message/global-headers") || mimeType.equals("application/json");
    }

    static String unfold(String s) {
        if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            sb.append(c == '\t' ? ' ' : c);
        }
        return sb.toString();
    }

    /** Skips an mbox "From " envelope line, which is not a header and would end the header block. */
    private static int mboxEnvelopeEnd(byte[] raw, int len) {
        if (len < 5 || raw[0] != 'F' || raw[1] != 'r' || raw[2] != 'o' || raw[3] != 'm' || raw[4] != ' ') {
            return 0;
        }
        for (int i = 5; i < len && i < 1000; i++) {
            if (raw[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static String stripEol(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String messageOf(Throwable e) {
        String m = e.getMessage();
        return m == null ? "" : ": " + (m.length() > 120 ? m.substring(0, 120) : m);
    }

    private static final byte[] NO_BYTES = new byte[0];
    /**
     * The text buffer a thread's last parse used, for its next: grown afresh for every message, it was among
     * the largest allocations of a parse. Only the bytes a parse has just read are ever looked at.
     */
    private static final ThreadLocal<byte[]> SCRATCH = new ThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return NO_BYTES;
        }
    };
    /** A buffer larger than this (a huge text part) is not kept for the thread. */
    private static final int KEPT_SCRATCH = 256 << 10;

    /** Per-parse counters: parts recorded and the text budget left. */
    private final class Walk {
        int parts = 1;
        int textLeft = limits.maxTextTotal();
        /**
         * Where each text part's decoded bytes are read before they become its text: one buffer for all the
         * parts of a message, instead of a fresh one per part.
         */
        byte[] scratch = SCRATCH.get();
        /** Bytes {@link #fill} has read so far, also when it stopped on an exception. */
        int filled;
        boolean depthReported;
        boolean partsReported;
        private final java.util.Set<MimePart> detached =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        MimePart child(MimePart parent, MailLimits l, Defects defects) {
            MimePart child = new MimePart(parent);
            if (!attached(parent) || parts >= l.maxParts()) {
                if (!partsReported && attached(parent)) {
                    defects.add("more than " + l.maxParts() + " MIME parts; the rest not recorded");
                    partsReported = true;
                }
                detached.add(child);
            } else {
                parts++;
                parent.addChild(child);
            }
            return child;
        }

        /** Reads up to {@code want} bytes (all there are when fewer) into {@link #scratch}; returns how many. */
        int fill(InputStream in, int want) throws IOException {
            filled = 0;
            while (filled < want) {
                if (filled == scratch.length) {
                    // made on first need: many messages have no text part to read
                    scratch = java.util.Arrays.copyOf(scratch, Math.min(want, Math.max(8192, scratch.length * 2)));
                }
                int r = in.read(scratch, filled, Math.min(scratch.length, want) - filled);
                if (r < 0) {
                    break;
                }
                filled += r;
            }
            return filled;
        }

        boolean attached(MimePart p) {
            return !detached.contains(p);
        }
    }
}
