package dev.backstop.batv;

import java.util.Objects;

/**
 * The result of verifying one address.
 *
 * @param address the address without its tag when one could be parsed (for {@code VALID}: the address to
 *                deliver to), otherwise the input as given
 * @param detail  a short reason for logs and reject texts; never contains a secret
 */
public record BatvOutcome(BatvStatus status, String address, String detail) {
    public BatvOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean valid() {
        return status == BatvStatus.VALID;
    }
}
