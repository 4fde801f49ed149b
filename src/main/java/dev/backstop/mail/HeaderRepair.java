package dev.backstop.mail;

import java.io.ByteArrayOutputStream;

/**
 * Mends one common header defect before mime4j sees the message: a folded line that lost its leading white
 * space (Exchange writes {@code Received:} continuations starting with "(" at the margin). mime4j would take
 * that line as the start of the body and lose every header after it, Content-Type included. A line counts
 * as a lost fold only when a well-formed field follows it before the blank line, so a body that starts
 * without a blank line is left alone.
 */
final class HeaderRepair {
    /** Header bytes examined; real header blocks are far shorter. */
    private static final int MAX_SCAN = 128 << 10;

    private HeaderRepair() {}

    /** The message with lost folds re-indented, or {@code raw} itself when nothing needs mending. */
    static byte[] mend(byte[] raw, int start, int len) {
        int limit = Math.min(len, start + MAX_SCAN);
        int pos = start;
        boolean first = true;
        int broken = -1;
        while (pos < limit) {
            int eol = eol(raw, pos, limit);
            int lineLen = eol - pos;
            if (lineLen == 0 || lineLen == 1 && raw[pos] == '\r') {
                return broken < 0 ? raw : rewrite(raw, start, len, pos);
            }
            byte c = raw[pos];
            boolean fine = c == ' ' || c == '\t' || isField(raw, pos, eol);
            if (!fine && first) {
                return raw; // not a header block at all
            }
            if (!fine && broken < 0) {
                broken = pos;
            }
            first = false;
            pos = eol + 1;
        }
        return raw;
    }

    /** Copies the message, indenting each malformed line of the header block (which ends at {@code end}). */
    private static byte[] rewrite(byte[] raw, int start, int len, int end) {
        // only lines followed by a well-formed field are lost folds; the last field run decides
        int lastField = -1;
        for (int pos = start; pos < end; ) {
            int eol = eol(raw, pos, end);
            if (raw[pos] != ' ' && raw[pos] != '\t' && isField(raw, pos, eol)) {
                lastField = pos;
            }
            pos = eol + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len - start + 64);
        for (int pos = start; pos < end; ) {
            int eol = eol(raw, pos, end);
            byte c = raw[pos];
            if (pos < lastField && c != ' ' && c != '\t' && !isField(raw, pos, eol)) {
                out.write(' ');
            }
            out.write(raw, pos, Math.min(eol + 1, end) - pos);
            pos = eol + 1;
        }
        out.write(raw, end, len - end);
        return out.toByteArray();
    }

    private static int eol(byte[] raw, int pos, int limit) {
        int i = pos;
        while (i < limit && raw[i] != '\n') {
            i++;
        }
        return i;
    }

    /**
     * A field line: a name as real header names are written (a letter, then letters, digits, '-', '_' or
     * '.'; trailing blanks allowed) and a colon. Stricter than RFC 5322, which is the point: a line such as
     * "(2001:db8::1) by host" is a lost fold, not a field named "(2001".
     */
    private static boolean isField(byte[] raw, int pos, int eol) {
        if (!Character.isLetter((char) (raw[pos] & 0xff)) || raw[pos] < 0) {
            return false;
        }
        boolean blank = false;
        for (int i = pos; i < eol && i < pos + 80; i++) {
            byte b = raw[i];
            if (b == ':') {
                return true;
            }
            if (b == ' ' || b == '\t') {
                blank = true;
            } else if (blank || !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                    || b == '-' || b == '_' || b == '.')) {
                return false;
            }
        }
        return false;
    }
}
