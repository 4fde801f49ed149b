package dev.backstop.bounce;

/** Crude, bounded HTML to text: drops tags, keeps line structure. Enough to read an HTML-only bounce. */
final class HtmlText {
    private HtmlText() {}

    static String toText(String html) {
        int n = Math.min(html.length(), 1 << 18);
        // char arrays, not charAt and append per character: those calls were most of the cost in C1 code
        char[] in = new char[n];
        html.getChars(0, n, in, 0);
        char[] out = new char[n]; // a tag gives at most one character for its '<'
        int k = 0;
        boolean inTag = false;
        for (int i = 0; i < n; i++) {
            char c = in[i];
            if (c == '<') {
                inTag = true;
                if (html.regionMatches(true, i, "<br", 0, 3) || html.regionMatches(true, i, "<p", 0, 2)
                        || html.regionMatches(true, i, "</p", 0, 3) || html.regionMatches(true, i, "<tr", 0, 3)
                        || html.regionMatches(true, i, "<div", 0, 4)) {
                    out[k++] = '\n';
                }
            } else if (c == '>' && inTag) {
                inTag = false;
            } else if (!inTag) {
                out[k++] = c;
            }
        }
        return new String(out, 0, k).replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&").replace("&quot;", "\"");
    }
}
