package dev.backstop.milter;

import java.util.Objects;

/**
 * The SMTP client as the MTA reports it in SMFIC_CONNECT.
 *
 * @param hostname the client's host name, or {@code [address]} when Postfix could not look it up
 * @param family how the client is connected
 * @param port the client's port, 0 when unknown or for local (unix socket) clients
 * @param address the client's IP address (or socket path for {@link Family#UNIX}); empty when unknown
 */
public record ConnectionInfo(String hostname, Family family, int port, String address) {

    /** Address families of SMFIC_CONNECT, with their wire letters. */
    public enum Family {
        UNKNOWN('U'), UNIX('L'), INET('4'), INET6('6');

        final byte code;

        Family(char code) {
            this.code = (byte) code;
        }

        static Family ofCode(byte code) {
            for (Family f : values()) {
                if (f.code == code) {
                    return f;
                }
            }
            return null;
        }
    }

    /** Used when the MTA opened a session without a connect event. */
    public static final ConnectionInfo UNKNOWN = new ConnectionInfo("unknown", Family.UNKNOWN, 0, "");

    public ConnectionInfo {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
