package dev.backstop.dns;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one DNS query. "Not listed" (NXDOMAIN, no data) is not "server down" (timeout, failure): callers
 * such as SPF turn the first two into a definite answer and the last two into a temporary error.
 *
 * @param status what the resolver said
 * @param values the records of the asked type when {@link Status#FOUND}; empty otherwise
 * @param detail a short reason for logs (the rcode, the exception), never record data
 */
public record Lookup<T>(Status status, List<T> values, String detail) {

    /** What one query ended with. */
    public enum Status {
        /** NOERROR with at least one record of the asked type. */
        FOUND,
        /** RCODE 3: the name does not exist. */
        NXDOMAIN,
        /** NOERROR but no record of the asked type (the name exists). */
        NO_DATA,
        /** No answer within the timeout. */
        TIMEOUT,
        /** SERVFAIL, REFUSED, a broken reply, a name that cannot be asked, or an I/O error. */
        FAILURE;

        /** NXDOMAIN or NO_DATA: a definite answer that there is nothing; RFC 7208 calls these void lookups. */
        public boolean isVoid() {
            return this == NXDOMAIN || this == NO_DATA;
        }

        /** TIMEOUT or FAILURE: we do not know. */
        public boolean isError() {
            return this == TIMEOUT || this == FAILURE;
        }
    }

    public Lookup {
        Objects.requireNonNull(status, "status");
        values = List.copyOf(values);
        detail = detail == null ? "" : detail;
        if (status == Status.FOUND && values.isEmpty()) {
            throw new IllegalArgumentException("FOUND needs at least one value");
        }
        if (status != Status.FOUND && !values.isEmpty()) {
            throw new IllegalArgumentException(status + " carries no values");
        }
    }

    public static <T> Lookup<T> found(List<T> values) {
        return values.isEmpty() ? noData() : new Lookup<>(Status.FOUND, values, "");
    }

    public static <T> Lookup<T> nxdomain() {
        return new Lookup<>(Status.NXDOMAIN, List.of(), "NXDOMAIN");
    }

    public static <T> Lookup<T> noData() {
        return new Lookup<>(Status.NO_DATA, List.of(), "no data");
    }

    public static <T> Lookup<T> timeout(String detail) {
        return new Lookup<>(Status.TIMEOUT, List.of(), detail);
    }

    public static <T> Lookup<T> failure(String detail) {
        return new Lookup<>(Status.FAILURE, List.of(), detail);
    }

    public boolean isFound() {
        return status == Status.FOUND;
    }
}
