package dev.backstop.bounce;

/** Crude, bounded HTML to text: drops tags, keeps line structure. Enough to read an HTML-only bounce. */
final class HtmlText {
    private HtmlText() {}

    static String toText(String html) {
        StringBuilder sb = new StringBuilder(Math.min(html.length(), 1 << 16));
        boolean inTag = false;
        int n = Math.min(html.length(), 1 << 18);
        for (int i = 0; i < n; i++) {
            char c = html.charAt(i);
            if (c == '<') {
                inTag = true;
                String rest = html.regionMatches(true, i, "<br", 0, 3) || html.regionMatches(true, i, "<p", 0, 2)
                        || html.regionMatches(true, i, "</p", 0, 3) || html.regionMatches(true, i, "<tr", 0, 3)
                        || html.regionMatches(true, i, "<div", 0, 4) ? "\n" : "";
                sb.append(rest);
            } else if (c == '>' && inTag) {
                inTag = false;
            } else if (!inTag) {
                sb.append(c);
            }
        }
        return sb.toString().replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                .replace("&quot;", "\"");
    }
}
