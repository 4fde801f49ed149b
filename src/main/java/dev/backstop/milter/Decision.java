package dev.backstop.milter;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the filter answers to one MTA event. Turned into wire bytes only by the server's reply encoder.
 *
 * <p>Semantics are the MTA's (Postfix {@code milter8.c}): {@link Accept} at connect or HELO accepts the whole
 * connection, later it accepts the current message; {@link Reject}, {@link Tempfail} and {@link Reply} at RCPT
 * refuse that recipient only, later the whole message; {@link Discard} is not allowed at connect/HELO;
 * {@link Skip} stops further events of the same type (body chunks) and is sent as continue when the MTA did
 * not offer it.
 */
public sealed interface Decision {

    Decision CONTINUE = new Continue();
    Decision ACCEPT = new Accept();
    Decision REJECT = new Reject();
    Decision TEMPFAIL = new Tempfail();
    Decision DISCARD = new Discard();
    Decision SKIP = new Skip();

    /** Go on with the next event. */
    record Continue() implements Decision {}

    /** Accept without further events (of this message, or of the connection at connect/HELO). */
    record Accept() implements Decision {}

    /** Reject with the MTA's default text ({@code 550 5.7.1 Command rejected}). */
    record Reject() implements Decision {}

    /** Temporary failure with the MTA's default text ({@code 451 4.7.1 ...}). */
    record Tempfail() implements Decision {}

    /** Accept the message and silently drop it. */
    record Discard() implements Decision {}

    /** Skip further events of this type (body chunks); requires SMFIP_SKIP, else sent as continue. */
    record Skip() implements Decision {}

    /**
     * Reject or tempfail with our own SMTP reply (SMFIR_REPLYCODE): {@code 4xx}/{@code 5xx}, an optional
     * enhanced status code with the same class digit, and one or more text lines (multi-line replies are sent
     * as {@code 550-5.7.1 a\r\n550 5.7.1 b}). Text may contain {@code %}: it is doubled on the wire because
     * Sendmail treats the reply as a format string (Postfix undoes the doubling). CR, LF and NUL are refused.
     *
     * @param code the SMTP reply code, 400..599
     * @param status the enhanced status code such as {@code 5.7.1}, or empty
     * @param lines the text lines, at least one
     */
    record Reply(int code, String status, List<String> lines) implements Decision {
        private static final Pattern STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

        public Reply {
            if (code < 400 || code > 599) {
                throw new IllegalArgumentException("reply code must be 4xx or 5xx: " + code);
            }
            Objects.requireNonNull(status, "status");
            if (!status.isEmpty()
                    && (!STATUS.matcher(status).matches() || status.charAt(0) != Integer.toString(code).charAt(0))) {
                throw new IllegalArgumentException("bad enhanced status for " + code + ": " + status);
            }
            lines = List.copyOf(lines);
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("reply needs at least one text line");
            }
            for (String line : lines) {
                if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0 || line.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("reply text must not contain CR, LF or NUL");
                }
            }
        }

        /** True for 4xx: the MTA tempfails. */
        public boolean temporary() {
            return code < 500;
        }

        /** The reply as the MTA will send it, lines joined by CRLF, without '%' escaping. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    sb.append("\r\n");
                }
                sb.append(code).append(i == lines.size() - 1 ? ' ' : '-');
                if (!status.isEmpty()) {
                    sb.append(status).append(' ');
                }
                sb.append(lines.get(i));
            }
            return sb.toString();
        }
    }

    /** Our own reply, e.g. {@code reply(550, "5.7.1", "Backscatter refused")}. */
    static Decision reply(int code, String status, String... lines) {
        return new Reply(code, status, List.of(lines));
    }
}
