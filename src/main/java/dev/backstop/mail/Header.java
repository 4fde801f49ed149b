package dev.backstop.mail;

/**
 * One header field: its name as written, its unfolded value (not RFC 2047 decoded) and the field as it stood,
 * folding included, without the final line break.
 *
 * <p>The value of a plain ASCII field is made from the raw text when first asked for: most fields of a bounce
 * (Received, ARC, DKIM and the like) are kept for the record and never looked up by name.
 */
public final class Header {
    private final String name;
    private final String raw;
    /** Where the value starts in {@link #raw}, for a value not made yet. */
    private final int valueStart;
    /** Does the value have line breaks to take out? */
    private final boolean folded;
    private String value;

    public Header(String name, String value, String raw) {
        this.name = name;
        this.value = value;
        this.raw = raw;
        this.valueStart = -1;
        this.folded = false;
    }

    private Header(String name, String raw, int valueStart, boolean folded) {
        this.name = name;
        this.raw = raw;
        this.valueStart = valueStart;
        this.folded = folded;
    }

    /**
     * A field whose value is {@code raw} from {@code valueStart} on, line breaks taken out ({@code folded}) and
     * trimmed, made when first asked for.
     */
    static Header lazy(String name, String raw, int valueStart, boolean folded) {
        return new Header(name, raw, valueStart, folded);
    }

    public String name() {
        return name;
    }

    public String value() {
        String v = value;
        if (v == null) {
            v = raw.substring(valueStart);
            v = (folded ? withoutBreaks(v) : v).trim();
            value = v;
        }
        return v;
    }

    /** {@code s} with its line breaks (CR and LF) taken out. */
    static String withoutBreaks(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\r' && c != '\n') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public String raw() {
        return raw;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header h && name.equals(h.name) && value().equals(h.value()) && raw.equals(h.raw);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + value().hashCode()) * 31 + raw.hashCode();
    }

    @Override
    public String toString() {
        return "Header[name=" + name + ", value=" + value() + ", raw=" + raw + "]";
    }
}
