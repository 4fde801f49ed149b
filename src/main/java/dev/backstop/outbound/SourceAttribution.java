package dev.backstop.outbound;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the most specific source of an outgoing message from what the MTA tells us: PHP's
 * {@code X-PHP-Originating-Script: UID:FILE} header ({@code mail.add_x_header}), the pickup line
 * {@code Received: ... (Postfix, from userid N)}, the SASL login, the client IP, the sender's domain.
 */
public final class SourceAttribution {
    /** PHP writes "uid:file"; anything else in the header is still shown, cleaned, as the script. */
    private static final Pattern PHP_SCRIPT = Pattern.compile("\\s*(\\d{1,10}):(.+)", Pattern.DOTALL);
    private static final Pattern POSTFIX_USERID = Pattern.compile("\\(Postfix, from userid (\\d{1,10})\\)");
    /** Only this much of a header is looked at; a 100 KB header is not scanned whole. */
    private static final int MAX_SCAN = 4096;

    private SourceAttribution() {}

    /**
     * @param headers    the message's headers, name and value, top first
     * @param saslLogin  the SASL login ({@code {auth_authen}}), or null
     * @param clientIp   the SMTP client address, or empty
     * @param local      true when the message was submitted locally (sendmail/pickup), not over SMTP
     * @param sender     the envelope sender, empty for the null sender
     */
    public static Source of(List<Map.Entry<String, String>> headers, String saslLogin, String clientIp, boolean local, String sender) {
        String uid = null;
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey();
            String value = h.getValue().length() > MAX_SCAN ? h.getValue().substring(0, MAX_SCAN) : h.getValue();
            if (name.equalsIgnoreCase("X-PHP-Originating-Script")) {
                Matcher m = PHP_SCRIPT.matcher(value);
                String script = m.matches() ? m.group(1) + ":" + m.group(2).trim() : value.trim();
                if (!script.isEmpty()) {
                    return new Source(Source.Kind.SCRIPT, script);
                }
            } else if (uid == null && local && name.equalsIgnoreCase("Received")) {
                Matcher m = POSTFIX_USERID.matcher(value);
                if (m.find()) {
                    uid = m.group(1);
                }
            }
        }
        if (saslLogin != null && !saslLogin.isBlank()) {
            return new Source(Source.Kind.SASL, saslLogin.trim());
        }
        if (uid != null) {
            return new Source(Source.Kind.USER, "uid " + uid);
        }
        if (!local && clientIp != null && !clientIp.isBlank()) {
            return new Source(Source.Kind.IP, clientIp);
        }
        int at = sender == null ? -1 : sender.lastIndexOf('@');
        if (at >= 0 && at < sender.length() - 1) {
            return new Source(Source.Kind.DOMAIN, sender.substring(at + 1).toLowerCase(Locale.ROOT));
        }
        return new Source(Source.Kind.UNKNOWN, local ? "local" : "-");
    }
}
