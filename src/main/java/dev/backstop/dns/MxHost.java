package dev.backstop.dns;

import java.util.Locale;
import java.util.Objects;

/**
 * One MX record.
 *
 * @param preference lower is preferred
 * @param host       the exchange, lower case, without the trailing dot; empty for a null MX (RFC 7505 ".")
 */
public record MxHost(int preference, String host) {
    public MxHost {
        Objects.requireNonNull(host, "host");
        host = DnsNames.normalize(host);
    }

    /** RFC 7505 null MX: the domain accepts no mail. */
    public boolean isNull() {
        return host.isEmpty();
    }

    @Override
    public String toString() {
        return preference + " " + (host.isEmpty() ? "." : host.toLowerCase(Locale.ROOT));
    }
}
