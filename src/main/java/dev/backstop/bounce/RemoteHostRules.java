package dev.backstop.bounce;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reasons that a big provider's own wording decides, loaded once from {@code remote-host-reasons.txt}.
 * Providers reuse generic words with their own meaning (au's "550 : User unknown" is its sender filter,
 * Orange's "OFR_506" is spam), so these phrases count only when the answering host, or the recipient's
 * domain, belongs to that provider. Hosts match by domain suffix on a dot boundary.
 */
final class RemoteHostRules {
    private static final RemoteHostRules INSTANCE = load("remote-host-reasons.txt");
    /** A rule "reason<TAB>status 5.2.0" matches on the enhanced status code instead of words. */
    private static final String STATUS = "status ";

    /** One provider: its host suffixes and its (reason, phrase) rules in file order. */
    private record Provider(String name, List<String> suffixes, List<Reason> reasons, List<String[]> phrases) {}

    private final List<Provider> providers;

    private RemoteHostRules(List<Provider> providers) {
        this.providers = providers;
    }

    static RemoteHostRules get() {
        return INSTANCE;
    }

    /**
     * The reason the provider of the remote host (or else of the recipient's domain) gives this lower-case
     * diagnostic, or null when no provider rule applies.
     */
    Reason reasonFor(String remoteMta, String recipient, String status, String lowerDiagnostic) {
        if (lowerDiagnostic.isEmpty()) {
            return null;
        }
        String host = hostOf(remoteMta);
        if (host.isEmpty()) {
            host = hostInText(lowerDiagnostic);
        }
        Reason r = byHost(host, status, lowerDiagnostic);
        if (r == null) {
            int at = recipient.lastIndexOf('@');
            if (at >= 0) {
                r = byHost(recipient.substring(at + 1).toLowerCase(Locale.ROOT), status, lowerDiagnostic);
            }
        }
        return r;
    }

    private Reason byHost(String host, String status, String diag) {
        if (host.isEmpty()) {
            return null;
        }
        for (Provider p : providers) {
            if (!owns(p, host)) {
                continue;
            }
            for (int i = 0; i < p.phrases().size(); i++) {
                String[] phrase = p.phrases().get(i);
                boolean hit = phrase[0].startsWith(STATUS) ? status.equals(phrase[0].substring(STATUS.length()))
                        : PhraseTable.contains(diag, phrase);
                if (hit) {
                    return p.reasons().get(i);
                }
            }
        }
        return null;
    }

    private static boolean owns(Provider p, String host) {
        for (String s : p.suffixes()) {
            if (host.equals(s) || host.endsWith(s) && host.charAt(host.length() - s.length() - 1) == '.') {
                return true;
            }
        }
        return false;
    }

    /**
     * The answering host named in a diagnostic when no Remote-MTA field says it: Exim's "host mx.example.com
     * [192.0.2.1]", Postfix's "host mx.example.com[192.0.2.1] said", "host: mx.example.com (192.0.2.1)".
     */
    static String hostInText(String lower) {
        int at = lower.indexOf("host");
        int guard = 0;
        while (at >= 0 && guard++ < 8) {
            int i = at + 4;
            if (i < lower.length() && lower.charAt(i) == ':') {
                i++;
            }
            if (i < lower.length() && lower.charAt(i) == ' ') {
                int start = i + 1;
                int end = start;
                while (end < lower.length() && (Character.isLetterOrDigit(lower.charAt(end))
                        || lower.charAt(end) == '.' || lower.charAt(end) == '-')) {
                    end++;
                }
                String name = lower.substring(start, end);
                boolean closed = end == lower.length() || " [(".indexOf(lower.charAt(end)) >= 0;
                if (closed && name.indexOf('.') > 0 && !Character.isDigit(name.charAt(name.length() - 1))) {
                    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
                }
            }
            at = lower.indexOf("host", at + 4);
        }
        return "";
    }

    /** The host name of a Remote-MTA value: "dns; mx.example.com. (192.0.2.1)" gives "mx.example.com". */
    static String hostOf(String remoteMta) {
        String s = remoteMta.trim().toLowerCase(Locale.ROOT);
        int semi = s.indexOf(';');
        if (semi >= 0 && semi < 8) {
            s = s.substring(semi + 1).trim();
        }
        int sp = 0;
        while (sp < s.length() && !Character.isWhitespace(s.charAt(sp))) {
            sp++;
        }
        s = s.substring(0, sp);
        while (!s.isEmpty() && "[(".indexOf(s.charAt(0)) >= 0) {
            s = s.substring(1);
        }
        while (!s.isEmpty() && ".])".indexOf(s.charAt(s.length() - 1)) >= 0) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static RemoteHostRules load(String resource) {
        List<Provider> out = new ArrayList<>();
        try (InputStream in = RemoteHostRules.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Provider cur = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    String[] words = line.substring(1, line.length() - 1).trim().toLowerCase(Locale.ROOT).split("\\s+");
                    List<String> suffixes = List.of(words).subList(1, words.length);
                    cur = new Provider(words[0], suffixes, new ArrayList<>(), new ArrayList<>());
                    out.add(cur);
                    continue;
                }
                int tab = line.indexOf('\t');
                if (cur == null || tab < 0) {
                    throw new IllegalStateException(resource + ": expected [provider suffix...] or reason<TAB>phrase: " + line);
                }
                cur.reasons().add(Reason.fromLabel(line.substring(0, tab)));
                cur.phrases().add(PhraseTable.split(line.substring(tab + 1).toLowerCase(Locale.ROOT)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RemoteHostRules(List.copyOf(out));
    }
}
