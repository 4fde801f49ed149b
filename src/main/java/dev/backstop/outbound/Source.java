package dev.backstop.outbound;

import java.util.Locale;

/**
 * Who sent a message, as specifically as we can tell: the PHP script, the local user, the SASL login, the client
 * IP, or the envelope sender's domain. Shown to the admin by {@link #toString()}, e.g.
 * {@code script www-data:/var/www/shop/contact.php} or {@code sasl alice@example.com}.
 *
 * @param kind what the name is
 * @param name the identity, cleaned of control characters and bounded in length
 */
public record Source(Kind kind, String name) {
    /** Longest name kept; a longer one (a hostile header) is cut and marked. */
    public static final int MAX_NAME = 256;

    /** Kinds, most specific first. */
    public enum Kind {
        SCRIPT, USER, SASL, IP, DOMAIN, UNKNOWN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Source {
        name = clean(name);
    }

    @Override
    public String toString() {
        return kind.label() + " " + name;
    }

    /**
     * Parses {@code kind name} as printed by {@link #toString()}; for the command line.
     *
     * @throws IllegalArgumentException when the kind is unknown or the name is empty
     */
    public static Source parse(String text) {
        String t = text.trim();
        int sp = t.indexOf(' ');
        if (sp <= 0 || sp == t.length() - 1) {
            throw new IllegalArgumentException("a source is 'KIND NAME', e.g. 'sasl alice@example.com': " + text);
        }
        Kind kind;
        try {
            kind = Kind.valueOf(t.substring(0, sp).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown source kind '" + t.substring(0, sp)
                    + "' (script, user, sasl, ip, domain)");
        }
        return new Source(kind, t.substring(sp + 1).trim());
    }

    /** Removes control characters and bounds the length, so a name is safe in logs, headers and the dashboard. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_NAME));
        for (int i = 0; i < s.length() && b.length() < MAX_NAME; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        String out = b.toString().trim();
        return s.length() > MAX_NAME ? out + "..." : out;
    }
}
