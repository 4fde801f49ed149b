package dev.backstop.milter;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One SMTP connection's conversation with the filter, as the engine implements it. Callbacks arrive in protocol
 * order on one thread; each returns the decision sent to the MTA. A session may see several messages: each
 * starts with {@link #envFrom} and ends with {@link #endOfMessage} or {@link #abort}. If a callback throws, the
 * server answers with the configured failure decision (tempfail by default) and logs it.
 *
 * <p>Every callback has a neutral default so an implementation only overrides what it needs.
 */
public interface MilterSession {

    /** The SMTP client connected. */
    default Decision connect(ConnectionInfo info) {
        return Decision.CONTINUE;
    }

    /** HELO or EHLO with the name the client gave. */
    default Decision helo(String name) {
        return Decision.CONTINUE;
    }

    /**
     * MAIL FROM, which starts a new message.
     *
     * @param sender the address without angle brackets; empty for the null sender {@code <>}
     * @param esmtpArgs the ESMTP parameters such as {@code SIZE=1234}, {@code BODY=8BITMIME}
     */
    default Decision envFrom(String sender, List<String> esmtpArgs) {
        return Decision.CONTINUE;
    }

    /** RCPT TO, address without angle brackets. A reject refuses this recipient only. */
    default Decision envRcpt(String recipient, List<String> esmtpArgs) {
        return Decision.CONTINUE;
    }

    /** The DATA command. */
    default Decision data() {
        return Decision.CONTINUE;
    }

    /** One header, value as the MTA sent it (Postfix strips the one space after the colon; folding kept). */
    default Decision header(String name, String value) {
        return Decision.CONTINUE;
    }

    default Decision endOfHeaders() {
        return Decision.CONTINUE;
    }

    /**
     * A chunk of the body (at most 65535 bytes from Postfix), with CRLF line ends and SMTP dot-stuffing
     * removed. The buffer is only valid during the call: copy what you keep, e.g. into a {@link BodyBuffer}
     * with a size limit. Return {@link Decision#SKIP} when you have seen enough.
     */
    default Decision body(ByteBuffer chunk) {
        return Decision.CONTINUE;
    }

    /** End of the message: modifications and the final decision. */
    EndOfMessage endOfMessage();

    /** The MTA aborted the current message (RSET, client gone, another filter rejected); the session lives on. */
    default void abort() {}

    /** A command the MTA did not recognise, e.g. a bad SMTP verb. */
    default Decision unknown(String command) {
        return Decision.CONTINUE;
    }

    /** The SMTP connection ended (QUIT, QUIT_NC, or the milter connection was lost). Always called once. */
    default void close() {}
}
