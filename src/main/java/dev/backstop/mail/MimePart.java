package dev.backstop.mail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One entity of a parsed message: its headers, its decoded text (for textual parts) and its children.
 * An attached {@code message/rfc822} part has the embedded message as its only child.
 */
public final class MimePart {
    private final MimePart parent;
    private final int depth;
    private final List<Header> headers = new ArrayList<>();
    private final List<MimePart> children = new ArrayList<>();
    private String mimeType = "text/plain";
    private String charset = "";
    private String text = "";

    MimePart(MimePart parent) {
        this.parent = parent;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    public MimePart parent() {
        return parent;
    }

    public int depth() {
        return depth;
    }

    public List<Header> headers() {
        return Collections.unmodifiableList(headers);
    }

    public List<MimePart> children() {
        return Collections.unmodifiableList(children);
    }

    /** The lower-case MIME type such as {@code message/delivery-status}. */
    public String mimeType() {
        return mimeType;
    }

    public String charset() {
        return charset;
    }

    /** Decoded text of a textual body, bounded by {@link MailLimits#maxTextPerPart()}; empty otherwise. */
    public String text() {
        return text;
    }

    /** The first value of the named header (case-insensitive), unfolded, or empty. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return "";
    }

    /** Every value of the named header, in order. */
    public List<String> headerValues(String name) {
        List<String> out = new ArrayList<>();
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                out.add(h.value());
            }
        }
        return out;
    }

    /** The header block as it stood, one field per line, CRLF-free. */
    public String rawHeaders() {
        StringBuilder sb = new StringBuilder();
        for (Header h : headers) {
            sb.append(h.raw()).append('\n');
        }
        return sb.toString();
    }

    /** Is this a multipart or message entity whose content is in {@link #children()}? */
    public boolean isContainer() {
        return !children.isEmpty();
    }

    public boolean hasMimeType(String prefix) {
        return mimeType.startsWith(prefix);
    }

    void addHeader(Header h) {
        headers.add(h);
    }

    void addChild(MimePart child) {
        children.add(child);
    }

    void setMimeType(String mimeType, String charset) {
        String t = mimeType == null ? "" : token(mimeType);
        this.mimeType = t.indexOf('/') <= 0 ? "text/plain" : t.toLowerCase(Locale.ROOT);
        this.charset = charset == null ? "" : charset;
    }

    /** The type/subtype token alone: a Content-Type whose parameters lack their ';' still names its type. */
    private static String token(String s) {
        String t = s.trim();
        int end = 0;
        while (end < t.length() && t.charAt(end) > ' ' && t.charAt(end) != ';' && t.charAt(end) != '"') {
            end++;
        }
        return t.substring(0, end);
    }

    void setText(String text) {
        this.text = text;
    }
}
