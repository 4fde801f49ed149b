package dev.backstop.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link Dns} over dnsjava: one stub query per call to a configured recursive resolver (or the system's, from
 * /etc/resolv.conf), with a hard deadline. No cache of its own: the recursive resolver caches, and a bounce
 * verdict makes at most a few dozen queries.
 */
public final class DnsjavaResolver implements Dns {
    /** Per query, including a TCP retry after a truncated UDP answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(DnsjavaResolver.class);

    private final Resolver resolver;
    private final Duration timeout;
    private final String description;

    private DnsjavaResolver(Resolver resolver, Duration timeout, String description) {
        this.resolver = resolver;
        this.timeout = timeout;
        this.description = description;
    }

    /** The resolvers of /etc/resolv.conf (or the platform's equivalent), tried in order within the timeout. */
    public static DnsjavaResolver system(Duration timeout) {
        checkTimeout(timeout);
        List<Resolver> servers = new ArrayList<>();
        for (InetSocketAddress server : ResolverConfig.getCurrentConfig().servers()) {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(timeout);
            servers.add(r);
        }
        ExtendedResolver extended = servers.isEmpty() ? new ExtendedResolver() : new ExtendedResolver(servers);
        extended.setTimeout(timeout);
        extended.setRetries(1);
        return new DnsjavaResolver(extended, timeout, "system " + ResolverConfig.getCurrentConfig().servers());
    }

    /** One recursive resolver at this address (tests: a loopback server on its ephemeral port). */
    public static DnsjavaResolver at(InetSocketAddress server, Duration timeout) {
        checkTimeout(timeout);
        Objects.requireNonNull(server, "server");
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(timeout);
        return new DnsjavaResolver(r, timeout, server.getAddress().getHostAddress() + ":" + server.getPort());
    }

    /**
     * From configuration text: {@code system}, {@code 192.0.2.53}, {@code 192.0.2.53:5353}, {@code [2001:db8::53]:53}.
     * A bad value is an IllegalArgumentException naming it (the config loader adds the key).
     */
    public static DnsjavaResolver fromConfig(String resolver, Duration timeout) {
        if (resolver == null || resolver.isBlank() || resolver.equals("system")) {
            return system(timeout);
        }
        return at(parseServer(resolver), timeout);
    }

    static InetSocketAddress parseServer(String text) {
        String host = text;
        int port = 53;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("resolver '" + text + "' lacks ']'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("resolver '" + text + "' is not [address]:port");
                }
                port = parsePort(text, rest.substring(1));
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = parsePort(text, text.substring(text.indexOf(':') + 1));
        }
        InetAddress address = IpLiteral.parse(host).orElseThrow(() -> new IllegalArgumentException(
                "resolver '" + text + "' is not an IP address (a resolver named by host name would need DNS itself)"));
        return new InetSocketAddress(address, port);
    }

    private static int parsePort(String text, String digits) {
        try {
            int port = Integer.parseInt(digits);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("resolver '" + text + "' has a bad port '" + digits + "'");
    }

    private static void checkTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("dns timeout " + timeout + " outside (0, 60s]");
        }
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public Lookup<String> txt(String name) {
        return query(name, Type.TXT, r -> {
            StringBuilder sb = new StringBuilder();
            for (byte[] part : ((TXTRecord) r).getStringsAsByteArrays()) {
                sb.append(new String(part, StandardCharsets.ISO_8859_1));
            }
            return sb.toString();
        });
    }

    @Override
    public Lookup<InetAddress> a(String name) {
        return query(name, Type.A, r -> ((ARecord) r).getAddress());
    }

    @Override
    public Lookup<InetAddress> aaaa(String name) {
        return query(name, Type.AAAA, r -> ((AAAARecord) r).getAddress());
    }

    @Override
    public Lookup<MxHost> mx(String name) {
        Lookup<MxHost> l = query(name, Type.MX,
                r -> new MxHost(((MXRecord) r).getPriority(), ((MXRecord) r).getTarget().toString()));
        if (!l.isFound()) {
            return l;
        }
        List<MxHost> sorted = new ArrayList<>(l.values());
        sorted.sort(Comparator.comparingInt(MxHost::preference));
        return Lookup.found(sorted);
    }

    @Override
    public Lookup<String> ptr(InetAddress address) {
        return query(IpLiteral.reverseName(address), Type.PTR,
                r -> DnsNames.normalize(((PTRRecord) r).getTarget().toString()));
    }

    private <T> Lookup<T> query(String name, int type, Function<Record, T> convert) {
        if (!DnsNames.isQueryable(name)) {
            return Lookup.failure("not a queryable name");
        }
        Name qname;
        try {
            qname = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return Lookup.failure("bad name: " + e.getMessage());
        }
        Message query = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
        CompletableFuture<Message> future;
        try {
            future = resolver.sendAsync(query).toCompletableFuture();
        } catch (RuntimeException e) {
            return logged(name, type, Lookup.failure("send: " + e));
        }
        Message response;
        try {
            // The resolver has its own timeout; this deadline is the backstop if it overruns.
            response = future.get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return logged(name, type, Lookup.timeout("no answer from " + description + " within " + timeout.toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return Lookup.failure("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                return logged(name, type, Lookup.timeout("no answer from " + description + " within " + timeout.toMillis() + " ms"));
            }
            return logged(name, type, Lookup.failure(String.valueOf(cause)));
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return Lookup.nxdomain();
        }
        if (rcode != Rcode.NOERROR) {
            return logged(name, type, Lookup.failure(Rcode.string(rcode)));
        }
        List<T> values = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type) { // CNAMEs in the chain are skipped; the resolver followed them
                values.add(convert.apply(r));
            }
        }
        return Lookup.found(values);
    }

    private static <T> Lookup<T> logged(String name, int type, Lookup<T> lookup) {
        LOG.debug("dns {} {}: {} ({})", Type.string(type), name, lookup.status(), lookup.detail());
        return lookup;
    }

    @Override
    public String toString() {
        return "DnsjavaResolver[" + description + ", timeout " + timeout.toMillis() + " ms]";
    }
}
