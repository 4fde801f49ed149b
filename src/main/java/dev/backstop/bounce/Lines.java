package dev.backstop.bounce;

import java.util.ArrayList;
import java.util.List;

/** Splits text into lines (LF or CRLF) without a regex, keeping at most a bounded number. */
final class Lines {
    private Lines() {}

    static String[] of(String text, int max) {
        List<String> out = new ArrayList<>();
        int pos = 0;
        int n = text.length();
        while (pos < n && out.size() < max) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = n;
            }
            int end = eol > pos && text.charAt(eol - 1) == '\r' ? eol - 1 : eol;
            out.add(text.substring(pos, end));
            pos = eol + 1;
        }
        return out.toArray(new String[0]);
    }
}
