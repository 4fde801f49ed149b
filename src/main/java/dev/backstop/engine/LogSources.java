package dev.backstop.engine;

import dev.backstop.mta.Submission;
import dev.backstop.outbound.Source;
import java.util.Locale;

/**
 * The source of a message as the mail log tells it, for hosts where no milter can be added (cPanel's Exim) and
 * for the offline replay: the script's directory (Exim {@code cwd=}), the local user, the SASL login, the client
 * IP, the sender's domain.
 */
public final class LogSources {
    private LogSources() {}

    public static Source of(Submission s) {
        if (!s.cwd().isEmpty() && !s.cwd().equals("/") && (s.localUser().isEmpty() || s.uid() != 0)) {
            String who = !s.localUser().isEmpty() ? s.localUser() : s.uid() >= 0 ? Long.toString(s.uid()) : "?";
            return new Source(Source.Kind.SCRIPT, who + ":" + s.cwd());
        }
        if (!s.saslUser().isEmpty()) {
            return new Source(Source.Kind.SASL, s.saslUser());
        }
        if (!s.localUser().isEmpty()) {
            return new Source(Source.Kind.USER, s.localUser());
        }
        if (s.uid() >= 0) {
            return new Source(Source.Kind.USER, "uid " + s.uid());
        }
        if (!s.clientIp().isEmpty()) {
            return new Source(Source.Kind.IP, s.clientIp());
        }
        int at = s.sender().lastIndexOf('@');
        if (at >= 0 && at < s.sender().length() - 1) {
            return new Source(Source.Kind.DOMAIN, s.sender().substring(at + 1).toLowerCase(Locale.ROOT));
        }
        return new Source(Source.Kind.UNKNOWN, "log");
    }
}
