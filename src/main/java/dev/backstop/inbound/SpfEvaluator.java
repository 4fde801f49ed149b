package dev.backstop.inbound;

import dev.backstop.dns.Cidr;
import dev.backstop.dns.Dns;
import dev.backstop.dns.DnsNames;
import dev.backstop.dns.IpLiteral;
import dev.backstop.dns.Lookup;
import dev.backstop.dns.MxHost;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 7208 check_host(ip, domain, sender) over {@link Dns}.
 *
 * <p>Covered: all, include, a, mx, ip4, ip6 (with dual CIDR lengths), exists, ptr, the redirect modifier,
 * qualifiers, the 10-term DNS lookup limit, the 2 void lookup limit, 10 MX and 10 PTR names per mechanism, and
 * the macros s l o d i h v with the reverse/digit/delimiter transformers and URL escaping. Left out on purpose:
 * exp= is checked for syntax but never fetched (nobody reads the explanation of a verdict on a bounce), and
 * %{p} expands to "unknown", which RFC 7208 7.3 permits and recommends for it.
 *
 * <p>Never throws for anything a DNS record says: syntax errors are permerror, DNS timeouts and failures
 * temperror. Bounded: at most 10 lookup terms, each costing at most 11 queries (mx, ptr), so one evaluation
 * makes at most about 120 queries; a DNS error ends the evaluation at once (except in ptr), and a time budget
 * (default 20 s, the RFC's minimum) turns a slow-but-answering resolver into temperror.
 *
 * <p>Longer than the house limit because macro expansion ({@link SpfMacro}) is nested here rather than in its
 * own file: this branch owns only this file of the SPF code. It can move out unchanged.
 */
public final class SpfEvaluator {
    /** RFC 7208 4.6.4. */
    static final int MAX_LOOKUP_TERMS = 10;
    static final int MAX_VOID_LOOKUPS = 2;
    static final int MAX_NAMES_PER_MECHANISM = 10;
    /** Longer TXT records are refused as permerror: far beyond anything a 512-byte-era record needs. */
    static final int MAX_RECORD_LENGTH = 4096;

    private static final Pattern CIDR_SUFFIX = Pattern.compile("^(.*?)(?:/(\\d+))?(?://(\\d+))?$", Pattern.DOTALL);
    private static final Pattern MODIFIER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern TOP_LABEL = Pattern.compile(
            "(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])");

    /** RFC 7208 4.6.4: at least 20 seconds before giving up with temperror. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(20);

    private final Dns dns;
    private final Duration budget;
    private final Clock clock;

    public SpfEvaluator(Dns dns) {
        this(dns, DEFAULT_BUDGET, Clock.systemUTC());
    }

    /** @param budget wall time for one check_host, across includes and redirects; past it: temperror */
    public SpfEvaluator(Dns dns, Duration budget, Clock clock) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("spf budget " + budget + " must be positive");
        }
    }

    /** check_host without a HELO name (%{h} expands to "unknown"). */
    public SpfResult checkHost(InetAddress ip, String domain, String sender) {
        return checkHost(ip, domain, sender, null);
    }

    /**
     * @param ip     the client address to test
     * @param domain the domain whose record is evaluated (for Backstop: our own sending domain)
     * @param sender the MAIL FROM (or, without one, postmaster@domain); a bare domain gets "postmaster@"
     * @param helo   the HELO name, or null
     */
    public SpfResult checkHost(InetAddress ip, String domain, String sender, String helo) {
        Objects.requireNonNull(ip, "ip");
        String d = domain == null ? "" : DnsNames.normalize(domain.trim());
        String s = sender == null || sender.isBlank() ? "postmaster@" + d : sender.trim();
        if (s.indexOf('@') < 0) {
            s = "postmaster@" + s;
        } else if (s.startsWith("@")) {
            s = "postmaster" + s;
        }
        Context ctx = new Context(ip, s, helo == null || helo.isBlank() ? "unknown" : helo.trim());
        ctx.clock = clock;
        ctx.deadline = clock.instant().plus(budget);
        try {
            return evaluate(d, ctx);
        } catch (Abort a) {
            return a.result;
        } catch (RuntimeException e) {
            // Defensive: a bug here must not take a bounce verdict down with it.
            return SpfResult.permerror("internal error: " + e.getClass().getSimpleName());
        }
    }

    private SpfResult evaluate(String domain, Context ctx) throws Abort {
        if (!isValidDomain(domain)) {
            return SpfResult.none("'" + shorten(domain) + "' is not a valid domain name");
        }
        ctx.checkTime();
        Lookup<String> txt = dns.txt(domain);
        if (txt.status().isError()) {
            throw new Abort(SpfResult.temperror("TXT " + domain + ": " + txt.detail()));
        }
        List<String> records = new ArrayList<>();
        for (String t : txt.values()) {
            if (t.length() >= 6 && t.regionMatches(true, 0, "v=spf1", 0, 6) && (t.length() == 6 || t.charAt(6) == ' ')) {
                records.add(t);
            }
        }
        if (records.isEmpty()) {
            return SpfResult.none("no SPF record at " + domain);
        }
        if (records.size() > 1) {
            throw new Abort(SpfResult.permerror(records.size() + " SPF records at " + domain));
        }
        ParsedRecord record = parse(domain, records.get(0));
        for (Directive directive : record.directives) {
            if (directive.kind.costsLookup) {
                ctx.countLookup(directive.raw);
                ctx.checkTime();
            }
            if (matches(directive, domain, ctx)) {
                return new SpfResult(directive.qualifier, directive.raw, "matched " + directive.raw + " in " + domain);
            }
        }
        if (record.redirect != null) {
            ctx.countLookup("redirect=" + record.redirect);
            String target = targetName(record.redirect, domain, ctx);
            SpfResult r = evaluate(target, ctx);
            if (r.code() == SpfResult.Code.NONE) {
                throw new Abort(SpfResult.permerror("redirect=" + target + " from " + domain + ": " + r.explanation()));
            }
            return r;
        }
        return new SpfResult(SpfResult.Code.NEUTRAL, "default", "no mechanism matched in " + domain);
    }

    private boolean matches(Directive m, String domain, Context ctx) throws Abort {
        switch (m.kind) {
            case ALL:
                return true;
            case IP4:
            case IP6:
                return m.network.contains(ctx.ip);
            case INCLUDE: {
                String target = targetName(m.domainSpec, domain, ctx);
                SpfResult r = evaluate(target, ctx);
                switch (r.code()) {
                    case PASS:
                        return true;
                    case FAIL:
                    case SOFTFAIL:
                    case NEUTRAL:
                        return false;
                    case NONE:
                        throw new Abort(SpfResult.permerror("include:" + target + " from " + domain + ": " + r.explanation()));
                    default:
                        throw new Abort(r);
                }
            }
            case A: {
                String target = m.domainSpec == null ? domain : targetName(m.domainSpec, domain, ctx);
                Lookup<InetAddress> l = addresses(target, ctx, true);
                return anyInNetwork(l.values(), m, ctx.ip);
            }
            case MX: {
                String target = m.domainSpec == null ? domain : targetName(m.domainSpec, domain, ctx);
                Lookup<MxHost> mx = dns.mx(target);
                checkError(mx, "MX " + target);
                if (mx.status().isVoid()) {
                    ctx.countVoid("MX " + target);
                    return false;
                }
                if (mx.values().size() > MAX_NAMES_PER_MECHANISM) {
                    throw new Abort(SpfResult.permerror("MX " + target + " has " + mx.values().size() + " hosts, more than "
                            + MAX_NAMES_PER_MECHANISM));
                }
                for (MxHost host : mx.values()) {
                    if (host.isNull()) {
                        continue;
                    }
                    // Missing AAAA for an MX host is normal; only the mechanism's own query counts as void.
                    ctx.checkTime();
                    Lookup<InetAddress> l = addresses(host.host(), ctx, false);
                    if (anyInNetwork(l.values(), m, ctx.ip)) {
                        return true;
                    }
                }
                return false;
            }
            case EXISTS: {
                String target = targetName(m.domainSpec, domain, ctx);
                Lookup<InetAddress> l = dns.a(target); // always A, whatever the client's family (RFC 7208 5.7)
                checkError(l, "A " + target);
                if (l.status().isVoid()) {
                    ctx.countVoid("A " + target);
                }
                return l.isFound();
            }
            case PTR: {
                String target = m.domainSpec == null ? domain : targetName(m.domainSpec, domain, ctx);
                return ptrMatches(target, ctx);
            }
            default:
                throw new IllegalStateException(m.kind.toString());
        }
    }

    /** RFC 7208 5.5: DNS errors here mean "no match", never temperror. */
    private boolean ptrMatches(String target, Context ctx) throws Abort {
        Lookup<String> names = dns.ptr(ctx.ip);
        if (names.status().isVoid()) {
            ctx.countVoid("PTR " + IpLiteral.reverseName(ctx.ip));
        }
        int tried = 0;
        for (String name : names.values()) {
            if (++tried > MAX_NAMES_PER_MECHANISM) {
                break;
            }
            if (!(name.equals(target) || name.endsWith("." + target))) {
                continue;
            }
            ctx.checkTime();
            Lookup<InetAddress> back = dns.addresses(name, ctx.ip instanceof Inet6Address);
            if (back.values().contains(ctx.ip)) {
                return true;
            }
            if (back.status() == Lookup.Status.TIMEOUT) {
                return false; // do not wait out the same resolver for the remaining names
            }
        }
        return false;
    }

    private Lookup<InetAddress> addresses(String name, Context ctx, boolean countVoid) throws Abort {
        Lookup<InetAddress> l = dns.addresses(name, ctx.ip instanceof Inet6Address);
        checkError(l, (ctx.ip instanceof Inet6Address ? "AAAA " : "A ") + name);
        if (countVoid && l.status().isVoid()) {
            ctx.countVoid("A/AAAA " + name);
        }
        return l;
    }

    private static void checkError(Lookup<?> l, String what) throws Abort {
        if (l.status().isError()) {
            throw new Abort(SpfResult.temperror(what + ": " + l.detail()));
        }
    }

    private static boolean anyInNetwork(List<InetAddress> addresses, Directive m, InetAddress ip) {
        int prefix = ip instanceof Inet6Address ? m.cidr6 : m.cidr4;
        for (InetAddress a : addresses) {
            if (a.getClass() == ip.getClass() && new Cidr(a, prefix).contains(ip)) {
                return true;
            }
        }
        return false;
    }

    private static String targetName(String domainSpec, String domain, Context ctx) throws Abort {
        String name = DnsNames.normalize(SpfMacro.expand(domainSpec, domain, ctx));
        // RFC 7208 7.3: an over-long expansion loses labels on the left until it fits.
        while (name.length() > DnsNames.MAX_NAME && name.indexOf('.') >= 0) {
            name = name.substring(name.indexOf('.') + 1);
        }
        if (!isValidDomain(name)) {
            throw new Abort(SpfResult.permerror("'" + shorten(name) + "' (from " + shorten(domainSpec) + ") is not a valid domain name"));
        }
        return name;
    }

    static boolean isValidDomain(String domain) {
        return DnsNames.isQueryable(domain);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    // ---- the record's syntax (RFC 7208 4.6, 12) ----

    enum Kind {
        ALL(false), INCLUDE(true), A(true), MX(true), PTR(true), IP4(false), IP6(false), EXISTS(true);

        final boolean costsLookup;

        Kind(boolean costsLookup) {
            this.costsLookup = costsLookup;
        }
    }

    static final class Directive {
        final SpfResult.Code qualifier;
        final Kind kind;
        final String domainSpec;
        final int cidr4;
        final int cidr6;
        final Cidr network;
        final String raw;

        Directive(SpfResult.Code qualifier, Kind kind, String domainSpec, int cidr4, int cidr6, Cidr network, String raw) {
            this.qualifier = qualifier;
            this.kind = kind;
            this.domainSpec = domainSpec;
            this.cidr4 = cidr4;
            this.cidr6 = cidr6;
            this.network = network;
            this.raw = raw;
        }
    }

    static final class ParsedRecord {
        final List<Directive> directives = new ArrayList<>();
        String redirect;
        String exp;
    }

    /** The whole record is parsed before anything is evaluated: any syntax error anywhere is permerror (4.6). */
    static ParsedRecord parse(String domain, String record) throws Abort {
        if (record.length() > MAX_RECORD_LENGTH) {
            throw syntax(domain, "record longer than " + MAX_RECORD_LENGTH + " characters");
        }
        ParsedRecord parsed = new ParsedRecord();
        String[] terms = record.substring(6).split(" ");
        for (String term : terms) {
            if (term.isEmpty()) {
                continue;
            }
            int eq = term.indexOf('=');
            int colon = term.indexOf(':');
            int slash = term.indexOf('/');
            if (eq > 0 && (colon < 0 || eq < colon) && (slash < 0 || eq < slash)) {
                parseModifier(domain, parsed, term, term.substring(0, eq), term.substring(eq + 1));
            } else {
                parsed.directives.add(parseDirective(domain, term));
            }
        }
        return parsed;
    }

    private static void parseModifier(String domain, ParsedRecord parsed, String term, String name, String value) throws Abort {
        if (!MODIFIER_NAME.matcher(name).matches()) {
            throw syntax(domain, "bad term '" + term + "'");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("redirect") || lower.equals("exp")) {
            checkDomainSpec(domain, value, term);
            if (lower.equals("redirect")) {
                if (parsed.redirect != null) {
                    throw syntax(domain, "redirect= given twice");
                }
                parsed.redirect = value;
            } else {
                if (parsed.exp != null) {
                    throw syntax(domain, "exp= given twice");
                }
                parsed.exp = value;
            }
        } else {
            SpfMacro.validate(value, domain, term, false); // unknown modifiers are ignored, but must parse
        }
    }

    private static Directive parseDirective(String domain, String term) throws Abort {
        SpfResult.Code qualifier = SpfResult.Code.PASS;
        String body = term;
        switch (term.charAt(0)) {
            case '+': qualifier = SpfResult.Code.PASS; body = term.substring(1); break;
            case '-': qualifier = SpfResult.Code.FAIL; body = term.substring(1); break;
            case '~': qualifier = SpfResult.Code.SOFTFAIL; body = term.substring(1); break;
            case '?': qualifier = SpfResult.Code.NEUTRAL; body = term.substring(1); break;
            default: break;
        }
        int end = 0;
        while (end < body.length() && Character.isLetterOrDigit(body.charAt(end))) {
            end++;
        }
        String name = body.substring(0, end).toLowerCase(Locale.ROOT);
        String rest = body.substring(end);
        Kind kind;
        try {
            kind = Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw syntax(domain, "unknown mechanism '" + term + "'");
        }
        switch (kind) {
            case ALL:
                if (!rest.isEmpty()) {
                    throw syntax(domain, "bad term '" + term + "'");
                }
                return new Directive(qualifier, kind, null, 32, 128, null, term);
            case INCLUDE:
            case EXISTS: {
                if (!rest.startsWith(":") || rest.length() == 1) {
                    throw syntax(domain, "'" + term + "' needs a domain");
                }
                String spec = rest.substring(1);
                checkDomainSpec(domain, spec, term);
                return new Directive(qualifier, kind, spec, 32, 128, null, term);
            }
            case PTR: {
                String spec = null;
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":") || rest.length() == 1) {
                        throw syntax(domain, "bad term '" + term + "'");
                    }
                    spec = rest.substring(1);
                    checkDomainSpec(domain, spec, term);
                }
                return new Directive(qualifier, kind, spec, 32, 128, null, term);
            }
            case A:
            case MX: {
                Matcher cm = CIDR_SUFFIX.matcher(rest);
                cm.matches(); // always matches: every group is optional
                String specPart = cm.group(1);
                int c4 = cidrLength(domain, term, cm.group(2), 32);
                int c6 = cidrLength(domain, term, cm.group(3), 128);
                String spec = null;
                if (!specPart.isEmpty()) {
                    if (!specPart.startsWith(":") || specPart.length() == 1) {
                        throw syntax(domain, "bad term '" + term + "'");
                    }
                    spec = specPart.substring(1);
                    checkDomainSpec(domain, spec, term);
                }
                return new Directive(qualifier, kind, spec, c4, c6, null, term);
            }
            case IP4:
            case IP6: {
                if (!rest.startsWith(":")) {
                    throw syntax(domain, "'" + term + "' needs a network");
                }
                String net = rest.substring(1);
                int slash = net.indexOf('/');
                String address = slash < 0 ? net : net.substring(0, slash);
                boolean v4 = kind == Kind.IP4;
                int length = cidrLength(domain, term, slash < 0 ? null : net.substring(slash + 1), v4 ? 32 : 128);
                InetAddress a = (v4 ? IpLiteral.parseV4(address) : IpLiteral.parseV6(address)).orElseThrow(
                        () -> syntax(domain, "bad address in '" + term + "'"));
                if (v4 == (a instanceof Inet6Address)) {
                    throw syntax(domain, "wrong address family in '" + term + "'");
                }
                return new Directive(qualifier, kind, null, 32, 128, new Cidr(a, length), term);
            }
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    private static int cidrLength(String domain, String term, String digits, int max) throws Abort {
        if (digits == null) {
            return max;
        }
        boolean ok = !digits.isEmpty() && digits.length() <= 3 && digits.chars().allMatch(c -> c >= '0' && c <= '9')
                && !(digits.length() > 1 && digits.charAt(0) == '0');
        if (!ok || Integer.parseInt(digits) > max) {
            throw syntax(domain, "bad CIDR length in '" + term + "'");
        }
        return Integer.parseInt(digits);
    }

    /** domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand. */
    private static void checkDomainSpec(String domain, String spec, String term) throws Abort {
        SpfMacro.validate(spec, domain, term, true);
        if (spec.endsWith("}") && spec.lastIndexOf("%{") >= 0 && spec.indexOf('}', spec.lastIndexOf("%{")) == spec.length() - 1) {
            return;
        }
        String s = spec.endsWith(".") ? spec.substring(0, spec.length() - 1) : spec;
        int dot = s.lastIndexOf('.');
        if (dot < 0 || !TOP_LABEL.matcher(s.substring(dot + 1)).matches()) {
            throw syntax(domain, "'" + term + "' does not end in a top-level label");
        }
    }

    static Abort syntax(String domain, String what) {
        return new Abort(SpfResult.permerror("syntax error in the SPF record of " + domain + ": " + what));
    }

    /** The per-evaluation inputs and counters, shared across include and redirect. */
    static final class Context {
        final InetAddress ip;
        final String sender;
        final String localPart;
        final String senderDomain;
        final String helo;
        int lookups;
        int voids;
        Clock clock = Clock.systemUTC();
        Instant deadline = Instant.MAX;

        Context(InetAddress ip, String sender, String helo) {
            this.ip = ip;
            this.sender = sender;
            int at = sender.lastIndexOf('@');
            this.localPart = sender.substring(0, at);
            this.senderDomain = DnsNames.normalize(sender.substring(at + 1));
            this.helo = helo;
        }

        void countLookup(String term) throws Abort {
            if (++lookups > MAX_LOOKUP_TERMS) {
                throw new Abort(SpfResult.permerror("more than " + MAX_LOOKUP_TERMS + " DNS lookups (at " + term + ")"));
            }
        }

        void checkTime() throws Abort {
            if (clock.instant().isAfter(deadline)) {
                throw new Abort(SpfResult.temperror("SPF evaluation ran out of time after " + lookups + " lookups"));
            }
        }

        void countVoid(String query) throws Abort {
            if (++voids > MAX_VOID_LOOKUPS) {
                throw new Abort(SpfResult.permerror("more than " + MAX_VOID_LOOKUPS + " void lookups (at " + query + ")"));
            }
        }
    }

    /** Ends the evaluation with a result: permerror or temperror from deep inside include/redirect. */
    static final class Abort extends Exception {
        final transient SpfResult result;

        Abort(SpfResult result) {
            super(result.explanation(), null, false, false);
            this.result = result;
        }
    }

    /** RFC 7208 7: macro-string parsing and expansion. */
    static final class SpfMacro {
        private static final String DELIMITERS = ".-+,/_=";

        private SpfMacro() {
        }

        static void validate(String spec, String domain, String term, boolean domainSpec) throws Abort {
            run(spec, domain, null, term);
        }

        static String expand(String spec, String domain, Context ctx) throws Abort {
            return run(spec, domain, ctx, spec);
        }

        /** With a null context only checks the syntax. */
        private static String run(String spec, String domain, Context ctx, String term) throws Abort {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < spec.length()) {
                char c = spec.charAt(i);
                if (c < 0x21 || c > 0x7e) {
                    throw syntax(domain, "bad character in '" + term + "'");
                }
                if (c != '%') {
                    out.append(c);
                    i++;
                    continue;
                }
                if (i + 1 >= spec.length()) {
                    throw syntax(domain, "lone '%' in '" + term + "'");
                }
                char next = spec.charAt(i + 1);
                if (next == '%') {
                    out.append('%');
                    i += 2;
                } else if (next == '_') {
                    out.append(' ');
                    i += 2;
                } else if (next == '-') {
                    out.append("%20");
                    i += 2;
                } else if (next == '{') {
                    int close = spec.indexOf('}', i);
                    if (close < 0) {
                        throw syntax(domain, "unclosed macro in '" + term + "'");
                    }
                    out.append(one(spec.substring(i + 2, close), domain, ctx, term));
                    i = close + 1;
                } else {
                    throw syntax(domain, "bad macro '%" + next + "' in '" + term + "'");
                }
            }
            return out.toString();
        }

        private static String one(String macro, String domain, Context ctx, String term) throws Abort {
            if (macro.isEmpty()) {
                throw syntax(domain, "empty macro in '" + term + "'");
            }
            char letter = macro.charAt(0);
            int j = 1;
            int digitsStart = j;
            while (j < macro.length() && Character.isDigit(macro.charAt(j))) {
                j++;
            }
            String digits = macro.substring(digitsStart, j);
            boolean reverse = false;
            if (j < macro.length() && (macro.charAt(j) == 'r' || macro.charAt(j) == 'R')) {
                reverse = true;
                j++;
            }
            String delimiters = macro.substring(j);
            for (int k = 0; k < delimiters.length(); k++) {
                if (DELIMITERS.indexOf(delimiters.charAt(k)) < 0) {
                    throw syntax(domain, "bad delimiter in '" + term + "'");
                }
            }
            int keep = Integer.MAX_VALUE;
            if (!digits.isEmpty()) {
                if (digits.length() > 3 || Integer.parseInt(digits) == 0) {
                    throw syntax(domain, "bad digit transformer in '" + term + "'");
                }
                keep = Integer.parseInt(digits);
            }
            char lower = Character.toLowerCase(letter);
            if ("slodiphv".indexOf(lower) < 0) {
                // c, r and t belong to exp= explanation strings only, which are never expanded here.
                throw syntax(domain, "bad macro letter '" + letter + "' in '" + term + "'");
            }
            if (ctx == null) {
                return "";
            }
            String value;
            switch (lower) {
                case 's': value = ctx.sender; break;
                case 'l': value = ctx.localPart; break;
                case 'o': value = ctx.senderDomain; break;
                case 'd': value = domain; break;
                case 'i': value = IpLiteral.dotted(ctx.ip); break;
                case 'p': value = "unknown"; break;
                case 'h': value = ctx.helo; break;
                default: value = ctx.ip instanceof Inet6Address ? "ip6" : "in-addr"; break;
            }
            List<String> parts = split(value, delimiters.isEmpty() ? "." : delimiters);
            if (reverse) {
                Collections.reverse(parts);
            }
            if (keep < parts.size()) {
                parts = parts.subList(parts.size() - keep, parts.size());
            }
            String joined = String.join(".", parts);
            return Character.isUpperCase(letter) ? urlEscape(joined) : joined;
        }

        private static List<String> split(String value, String delimiters) {
            List<String> parts = new ArrayList<>();
            int start = 0;
            for (int k = 0; k < value.length(); k++) {
                if (delimiters.indexOf(value.charAt(k)) >= 0) {
                    parts.add(value.substring(start, k));
                    start = k + 1;
                }
            }
            parts.add(value.substring(start));
            return parts;
        }

        /** RFC 3986 unreserved characters stay, everything else becomes %XX of its UTF-8 bytes. */
        private static String urlEscape(String s) {
            StringBuilder sb = new StringBuilder();
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                    sb.append(c);
                } else {
                    sb.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
                }
            }
            return sb.toString();
        }
    }
}
