package dev.backstop.bounce;

import dev.backstop.mail.MimePart;
import dev.backstop.mail.TextDecoding;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the original message a bounce is about: an attached message/rfc822, a text/rfc822-headers part, or
 * a header block quoted in the text after the MTA's "copy of the message follows" line.
 */
final class OriginalExtractor {
    private static final int MAX_HEADER_BLOCK = 64 << 10;

    OriginalMessage fromAttachedMessage(MimePart embedded) {
        return build("rfc822", embedded.rawHeaders(), headerPairs(embedded));
    }

    OriginalMessage fromHeaderText(String container, String text) {
        String block = headerBlock(text);
        if (block.isEmpty()) {
            return OriginalMessage.NONE;
        }
        List<String[]> pairs = new ArrayList<>();
        for (String[] f : DeliveryStatusParser.fields(block)) {
            pairs.add(f);
        }
        OriginalMessage m = build(container, block, pairs);
        boolean useful = !m.messageId().isEmpty() || !m.from().isEmpty() || !m.subject().isEmpty()
                || !m.to().isEmpty() || !m.received().isEmpty();
        return useful ? m : OriginalMessage.NONE;
    }

    /** The fields {@link #build} reads, by their lower-case names. */
    private static final List<String> READ = List.of("message-id", "from", "to", "subject", "date", "received",
            "dkim-signature");

    /**
     * The fields of an attached message that {@link #build} reads, named in lower case. The others are left
     * out here rather than lower-cased one by one: an original's header has dozens of fields.
     */
    private static List<String[]> headerPairs(MimePart p) {
        List<String[]> out = new ArrayList<>();
        for (dev.backstop.mail.Header h : p.headers()) {
            String name = h.name();
            for (String key : READ) {
                // equalsIgnoreCase agrees with toLowerCase().equals() except for U+0130, which lower-cases to two chars
                if (name.length() == key.length() && name.equalsIgnoreCase(key) && name.indexOf('\u0130') < 0) {
                    out.add(new String[] {key, h.value()});
                    break;
                }
            }
        }
        return out;
    }

    private static OriginalMessage build(String container, String raw, List<String[]> pairs) {
        String id = "";
        String from = "";
        String to = "";
        String subject = "";
        String date = "";
        List<String> received = new ArrayList<>();
        List<String> dkim = new ArrayList<>();
        for (String[] f : pairs) {
            String v = f[1].trim();
            switch (f[0]) {
                case "message-id" -> id = id.isEmpty() ? messageId(v) : id;
                case "from" -> from = from.isEmpty() ? v : from;
                case "to" -> to = to.isEmpty() ? v : to;
                case "subject" -> subject = subject.isEmpty() ? TextDecoding.decodeHeader(v) : subject;
                case "date" -> date = date.isEmpty() ? v : date;
                case "received" -> received.add(v);
                case "dkim-signature" -> dkim.add(v);
                default -> { }
            }
        }
        return new OriginalMessage(container, id, from, to, subject, date, received, dkim,
                raw.length() > MAX_HEADER_BLOCK ? raw.substring(0, MAX_HEADER_BLOCK) : raw);
    }

    /** The Message-ID in angle brackets, tolerating ones written without them. */
    static String messageId(String v) {
        int lt = v.indexOf('<');
        int gt = lt < 0 ? -1 : v.indexOf('>', lt);
        if (lt >= 0 && gt > lt + 1) {
            return v.substring(lt, gt + 1);
        }
        String t = v.trim();
        int sp = t.indexOf(' ');
        if (sp > 0) {
            t = t.substring(0, sp);
        }
        return t.isEmpty() ? "" : "<" + t + ">";
    }

    /**
     * The header block at the start of the text: skips blank lines and lines that are not fields, then takes
     * field lines up to the first blank line.
     */
    static String headerBlock(String text) {
        int pos = 0;
        int n = Math.min(text.length(), MAX_HEADER_BLOCK * 2);
        int start = -1;
        int fieldsSeen = 0;
        int end = n;
        while (pos < n) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0 || eol > n) {
                eol = n;
            }
            String line = text.substring(pos, eol).replace("\r", "");
            boolean blank = line.isBlank();
            boolean field = isFieldLine(line);
            boolean cont = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && start >= 0;
            if (start < 0) {
                if (field) {
                    start = pos;
                    fieldsSeen = 1;
                } else if (!blank && pos > 4096) {
                    return "";
                }
            } else if (blank) {
                if (fieldsSeen >= 2) {
                    end = pos;
                    break;
                }
                start = -1;
            } else if (field) {
                fieldsSeen++;
            } else if (!cont) {
                if (fieldsSeen >= 2) {
                    end = pos;
                    break;
                }
                start = -1;
            }
            pos = eol + 1;
        }
        if (start < 0) {
            return "";
        }
        return text.substring(start, Math.min(end, n));
    }

    private static boolean isFieldLine(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0 || colon > 60) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = line.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
