package dev.backstop.bounce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A faithful port of the corpus scorer ({@code score.py --alias}): per e-mail, candidate rows pair with
 * expected rows by recipient first, then in order; every expected row counts in the denominators.
 */
final class CorpusScore {
    static final Map<String, String> ALIAS = Map.of("toomanyconn", "ratelimited", "speeding", "ratelimited",
            "mesgtoobig", "emailtoolarge", "exceedlimit", "emailtoolarge");

    /** One row: recipient, status, reply code, reason, hard bounce ("1"/"0"). */
    record Row(String recipient, String status, String replyCode, String reason, String hard) {}

    int files;
    int detected;
    int rows;
    int withRecipient;
    int paired;
    int status;
    int statusLoose;
    int reason;
    int reasonAlias;
    int recipient;

    double detectedRate() {
        return ratio(detected, files);
    }

    double statusLooseRate() {
        return ratio(statusLoose, rows);
    }

    double reasonAliasRate() {
        return ratio(reasonAlias, rows);
    }

    double recipientRate() {
        return ratio(recipient, withRecipient);
    }

    double statusRate() {
        return ratio(status, rows);
    }

    double reasonRate() {
        return ratio(reason, rows);
    }

    static Map<String, List<Row>> readExpected(Path tsv) throws IOException {
        Map<String, List<String[]>> byFile = new TreeMap<>();
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        String[] head = lines.get(0).split("\t", -1);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String[] padded = new String[head.length];
            for (int i = 0; i < head.length; i++) {
                padded[i] = i < f.length ? f[i].strip() : "";
            }
            byFile.computeIfAbsent(Path.of(padded[0]).getFileName().toString(), k -> new ArrayList<>()).add(padded);
        }
        int seq = index(head, "seq");
        Map<String, List<Row>> out = new TreeMap<>();
        byFile.forEach((file, list) -> {
            list.sort((a, b) -> Integer.compare(num(a[seq]), num(b[seq])));
            List<Row> rows = new ArrayList<>();
            for (String[] r : list) {
                rows.add(new Row(r[index(head, "recipient")], r[index(head, "status")], r[index(head, "replycode")],
                        r[index(head, "reason")], r[index(head, "hardbounce")]));
            }
            out.put(file, rows);
        });
        return out;
    }

    void score(Map<String, List<Row>> expected, Map<String, List<Row>> candidate) {
        for (Map.Entry<String, List<Row>> e : expected.entrySet()) {
            List<Row> exp = e.getValue();
            List<Row> cand = candidate.getOrDefault(e.getKey(), List.of());
            files++;
            if (!cand.isEmpty()) {
                detected++;
            }
            Integer[] match = new Integer[exp.size()];
            Set<Integer> used = new HashSet<>();
            for (int i = 0; i < exp.size(); i++) {
                String er = exp.get(i).recipient().toLowerCase(Locale.ROOT);
                if (er.isEmpty()) {
                    continue;
                }
                for (int j = 0; j < cand.size(); j++) {
                    if (!used.contains(j) && cand.get(j).recipient().toLowerCase(Locale.ROOT).equals(er)) {
                        match[i] = j;
                        used.add(j);
                        break;
                    }
                }
            }
            List<Integer> left = new ArrayList<>();
            for (int j = 0; j < cand.size(); j++) {
                if (!used.contains(j)) {
                    left.add(j);
                }
            }
            for (int i = 0; i < exp.size(); i++) {
                if (match[i] == null && !left.isEmpty()) {
                    match[i] = left.remove(0);
                    used.add(match[i]);
                }
            }
            for (int i = 0; i < exp.size(); i++) {
                Row x = exp.get(i);
                rows++;
                if (!x.recipient().isEmpty()) {
                    withRecipient++;
                }
                if (match[i] == null) {
                    continue;
                }
                Row c = cand.get(match[i]);
                paired++;
                String cs = c.status();
                String es = x.status();
                status += cs.equals(es) ? 1 : 0;
                statusLoose += cs.equals(es) || internal(cs) && internal(es) && first(cs).equals(first(es)) ? 1 : 0;
                reason += c.reason().equals(x.reason()) ? 1 : 0;
                reasonAlias += ALIAS.getOrDefault(c.reason(), c.reason()).equals(ALIAS.getOrDefault(x.reason(), x.reason())) ? 1 : 0;
                recipient += !x.recipient().isEmpty() && c.recipient().equalsIgnoreCase(x.recipient()) ? 1 : 0;
            }
        }
    }

    /** Sisimai-internal codes: x.9.nnn or x.0.9nn. */
    static boolean internal(String code) {
        String[] p = code.split("\\.", -1);
        return p.length == 3 && (p[1].equals("9") || p[1].equals("0") && p[2].length() == 3 && p[2].startsWith("9"));
    }

    private static String first(String s) {
        return s.isEmpty() ? "" : s.substring(0, 1);
    }

    private static int index(String[] head, String name) {
        for (int i = 0; i < head.length; i++) {
            if (head[i].strip().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("expected.tsv has no column " + name);
    }

    private static int num(String s) {
        try {
            return s.isEmpty() ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0.0 : (double) a / b;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "files=%d rows=%d detected=%.4f status=%.4f status_loose=%.4f reason=%.4f reason_alias=%.4f recipient=%.4f",
                files, rows, detectedRate(), statusRate(), statusLooseRate(), reasonRate(), reasonAliasRate(),
                recipientRate());
    }
}
