package dev.backstop.inbound;

import dev.backstop.dns.Cidr;
import dev.backstop.dns.DnsNames;
import dev.backstop.dns.IpLiteral;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The Received headers of a quoted original message, parsed into hops. Understands the forms Postfix, Sendmail,
 * Exim, qmail, Exchange and Gmail write ({@code from helo (rdns [ip])}, {@code from rdns ([ip]:port helo=x)},
 * {@code from [ip] (helo=x)}, {@code from host (10.1.2.3)}, {@code [IPv6:2001:db8::1]}); anything else yields a
 * hop with what could be read. Never throws; bounded in hops and characters; oddities go to {@link #defects()}.
 */
public final class ReceivedChain {
    public static final int MAX_HOPS = 100;
    public static final int MAX_VALUE_LENGTH = 4096;
    public static final int MAX_DEFECTS = 20;

    /**
     * One Received header.
     *
     * @param fromHost    the name the client gave in HELO/EHLO, lower case, or empty (forgeable by the client)
     * @param reverseHost the client's name as the receiving server found it (reverse DNS), or empty
     * @param ip          the client's address as the receiving server saw it
     * @param byHost      the receiving server, lower case, or empty
     */
    public record Hop(String fromHost, String reverseHost, Optional<InetAddress> ip, String byHost) {
        public Hop {
            Objects.requireNonNull(fromHost, "fromHost");
            Objects.requireNonNull(reverseHost, "reverseHost");
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(byHost, "byHost");
        }

        /** The client address is on the public internet (not loopback, private, link-local...). */
        public boolean hasPublicIp() {
            return ip.isPresent() && IpLiteral.isPublic(ip.get());
        }
    }

    private final List<Hop> hops;
    private final List<String> defects;

    private ReceivedChain(List<Hop> hops, List<String> defects) {
        this.hops = List.copyOf(hops);
        this.defects = List.copyOf(defects);
    }

    /** @param receivedTopFirst Received header values (no field name), the latest (top) first */
    public static ReceivedChain parse(List<String> receivedTopFirst) {
        List<Hop> hops = new ArrayList<>();
        List<String> defects = new ArrayList<>();
        if (receivedTopFirst == null) {
            return new ReceivedChain(hops, defects);
        }
        int n = 0;
        for (String value : receivedTopFirst) {
            n++;
            if (hops.size() == MAX_HOPS) {
                defect(defects, "more than " + MAX_HOPS + " Received headers; the rest were ignored");
                break;
            }
            hops.add(parseHop(value == null ? "" : value, n, defects));
        }
        return new ReceivedChain(hops, defects);
    }

    /** Hops, top (latest, nearest to the bouncing server) first. */
    public List<Hop> hops() {
        return hops;
    }

    public List<String> defects() {
        return defects;
    }

    /**
     * The hop where the message first left the sender's side: the bottom-most hop with a public client address
     * whose receiving host is not one of {@code ours}. For mail we sent this is our outgoing relay handing it to
     * the recipient's server, so its address must pass our SPF record; listing our relays skips internal hand-offs
     * (a web server with a public address relaying through our smarthost). Forged Received headers below the
     * real ones can only move this further from the truth, which is why SPF on it is evidence and not proof.
     */
    public Optional<Hop> firstOutsideHop(Collection<String> ours) {
        Matcher matcher = new Matcher(ours);
        for (int i = hops.size() - 1; i >= 0; i--) {
            Hop hop = hops.get(i);
            if (hop.hasPublicIp() && !matcher.host(hop.byHost())) {
                return Optional.of(hop);
            }
        }
        return Optional.empty();
    }

    public Optional<Hop> firstOutsideHop() {
        return firstOutsideHop(List.of());
    }

    /**
     * Which of our relays this chain mentions: entries are host names (exact, or ".example.com" for any name
     * under it), IP addresses or CIDR networks. Names are matched against the receiving host and the reverse DNS
     * name the receiving server recorded, never against the HELO name, which any client may claim.
     */
    public List<String> mentioned(Collection<String> ours) {
        List<String> found = new ArrayList<>();
        for (String entry : ours) {
            Matcher one = new Matcher(List.of(entry));
            for (Hop hop : hops) {
                if (one.host(hop.byHost()) || one.host(hop.reverseHost()) || (hop.ip().isPresent() && one.address(hop.ip().get()))) {
                    found.add(entry);
                    break;
                }
            }
        }
        return found;
    }

    public boolean mentionsAny(Collection<String> ours) {
        return !mentioned(ours).isEmpty();
    }

    /** Configured host names, ".suffix" names and networks. */
    private static final class Matcher {
        private final List<String> names = new ArrayList<>();
        private final List<Cidr> networks = new ArrayList<>();

        Matcher(Collection<String> entries) {
            for (String e : entries) {
                String t = e == null ? "" : e.trim();
                if (t.isEmpty()) {
                    continue;
                }
                Optional<Cidr> network = Cidr.parse(t);
                if (network.isPresent()) {
                    networks.add(network.get());
                } else {
                    names.add(DnsNames.normalize(t));
                }
            }
        }

        boolean host(String host) {
            if (host.isEmpty()) {
                return false;
            }
            for (String n : names) {
                if (n.startsWith(".") ? host.endsWith(n) : host.equals(n)) {
                    return true;
                }
            }
            return false;
        }

        boolean address(InetAddress address) {
            return networks.stream().anyMatch(c -> c.contains(address));
        }
    }

    // ---- parsing one header ----

    private static void defect(List<String> defects, String what) {
        if (defects.size() < MAX_DEFECTS) {
            defects.add(what);
        }
    }

    static Hop parseHop(String raw, int n, List<String> defects) {
        String value = raw.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
        if (value.length() > MAX_VALUE_LENGTH) {
            defect(defects, "Received #" + n + " longer than " + MAX_VALUE_LENGTH + " characters, cut");
            value = value.substring(0, MAX_VALUE_LENGTH);
        }
        List<String[]> clauses = clauses(value);
        String from = clause(clauses, "from");
        String by = clause(clauses, "by");
        if (from == null && by == null) {
            defect(defects, "Received #" + n + " has neither a from nor a by clause");
        }
        String byHost = by == null ? "" : hostToken(firstToken(by));
        if (from == null) {
            return new Hop("", "", Optional.empty(), byHost);
        }
        String first = firstToken(from);
        String comments = from.substring(first.length());
        Optional<InetAddress> ip = Optional.empty();
        String helo = "";
        String reverse = "";
        if (first.startsWith("[")) {
            ip = bracketed(first);
        }
        String heloInComment = heloIn(comments);
        if (!heloInComment.isEmpty()) {
            // Exim and qmail: the first word is the verified name (or "unknown"), the HELO sits in the comment.
            helo = heloInComment;
            if (!first.startsWith("[") && !first.equalsIgnoreCase("unknown")) {
                reverse = hostToken(first);
            }
        } else {
            helo = first.startsWith("[") ? "" : hostToken(first);
        }
        if (ip.isEmpty()) {
            ip = firstAddress(comments);
        }
        if (reverse.isEmpty() && heloInComment.isEmpty()) {
            reverse = nameBeforeBracket(comments);
        }
        return new Hop(helo, reverse, ip, byHost);
    }

    /** Splits at top level (outside parentheses) into keyword clauses; the date after the last ';' is dropped. */
    private static List<String[]> clauses(String value) {
        int depth = 0;
        int end = value.length();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ';' && depth == 0) {
                end = i;
            }
        }
        List<String[]> clauses = new ArrayList<>();
        String keyword = null;
        int start = 0;
        depth = 0;
        for (int i = 0; i <= end; i++) {
            char c = i < end ? value.charAt(i) : ' ';
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            }
            if (depth == 0 && (i == 0 || value.charAt(i - 1) == ' ' || value.charAt(i - 1) == ')')) {
                String word = keywordAt(value, i, end);
                if (word != null) {
                    if (keyword != null) {
                        clauses.add(new String[] {keyword, value.substring(start, i).trim()});
                    }
                    keyword = word;
                    start = i + word.length();
                }
            }
        }
        if (keyword != null) {
            clauses.add(new String[] {keyword, value.substring(start, end).trim()});
        }
        return clauses;
    }

    private static final String[] KEYWORDS = {"from", "by", "via", "with", "id", "for"};

    private static String keywordAt(String value, int i, int end) {
        for (String k : KEYWORDS) {
            int after = i + k.length();
            if (after < end && value.regionMatches(true, i, k, 0, k.length()) && value.charAt(after) == ' ') {
                return k;
            }
        }
        return null;
    }

    private static String clause(List<String[]> clauses, String keyword) {
        for (String[] c : clauses) {
            if (c[0].equals(keyword)) {
                return c[1];
            }
        }
        return null;
    }

    private static String firstToken(String clause) {
        int i = 0;
        while (i < clause.length() && clause.charAt(i) != ' ' && clause.charAt(i) != '(') {
            i++;
        }
        return clause.substring(0, i);
    }

    /** A host name token, lower case, without a trailing dot; empty when it does not look like one. */
    private static String hostToken(String token) {
        String t = DnsNames.normalize(token);
        if (t.isEmpty() || t.length() > DnsNames.MAX_NAME) {
            return "";
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
                return "";
            }
        }
        return t;
    }

    /** "[192.0.2.1]", "[IPv6:2001:db8::1]", "[192.0.2.1]:25" */
    private static Optional<InetAddress> bracketed(String token) {
        int close = token.indexOf(']');
        if (!token.startsWith("[") || close < 0) {
            return Optional.empty();
        }
        String inside = token.substring(1, close);
        if (inside.regionMatches(true, 0, "IPv6:", 0, 5)) {
            inside = inside.substring(5);
        }
        return IpLiteral.parse(inside);
    }

    /** The first bracketed address not given as a HELO argument, else the first bare address token. */
    private static Optional<InetAddress> firstAddress(String comments) {
        int from = 0;
        while (true) {
            int open = comments.indexOf('[', from);
            if (open < 0) {
                break;
            }
            String before = comments.substring(Math.max(0, open - 5), open).toLowerCase(Locale.ROOT);
            Optional<InetAddress> a = bracketed(comments.substring(open));
            if (a.isPresent() && !before.endsWith("helo=") && !before.endsWith("helo ")) {
                return a;
            }
            from = open + 1;
        }
        for (String token : comments.split("[\\s()]+")) {
            if (token.isEmpty() || token.contains("=")) {
                continue;
            }
            Optional<InetAddress> a = IpLiteral.parse(token);
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }

    /** qmail "(HELO name)", Exim "helo=name" */
    private static String heloIn(String comments) {
        String lower = comments.toLowerCase(Locale.ROOT);
        int i = lower.indexOf("helo=");
        int skip = 5;
        if (i < 0) {
            i = lower.indexOf("(helo ");
            skip = 6;
        }
        if (i < 0) {
            return "";
        }
        String rest = comments.substring(i + skip).trim();
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != ' ' && rest.charAt(end) != ')') {
            end++;
        }
        String token = rest.substring(0, end);
        return token.startsWith("[") ? token.toLowerCase(Locale.ROOT) : hostToken(token);
    }

    /** Postfix/Sendmail "(rdns [ip])": the word just before the first bracket, unless "unknown". */
    private static String nameBeforeBracket(String comments) {
        int open = comments.indexOf('[');
        if (open < 0) {
            return "";
        }
        String head = comments.substring(0, open).trim();
        int start = Math.max(head.lastIndexOf(' '), head.lastIndexOf('(')) + 1;
        String word = head.substring(start);
        int at = word.lastIndexOf('@'); // Sendmail "IDENT:user@host"
        if (at >= 0) {
            word = word.substring(at + 1);
        }
        return word.equalsIgnoreCase("unknown") ? "" : hostToken(word);
    }
}
