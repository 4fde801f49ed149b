package dev.backstop.inbound;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What one DNS blocklist zone said about one address.
 *
 * @param zone   the zone asked, e.g. {@code ips.backscatterer.org}
 * @param status listed, not listed, or unknown (timeout, failure, or an answer outside 127.0.0.0/8)
 * @param codes  the 127.0.0.x answers when listed (zones encode list reasons in them)
 * @param detail why unknown, for logs
 */
public record DnsblResult(String zone, Status status, List<InetAddress> codes, String detail) {

    public enum Status {
        LISTED, NOT_LISTED, UNKNOWN
    }

    public DnsblResult {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(status, "status");
        codes = List.copyOf(codes);
        detail = detail == null ? "" : detail;
    }

    public boolean isListed() {
        return status == Status.LISTED;
    }
}
