package dev.backstop.store;

import java.util.Locale;

/**
 * How addresses and Message-IDs are normalised for lookups. Message-IDs compare without angle brackets and
 * case-insensitively: bounces quote them with and without brackets, and a false match between two ids that
 * differ only in case is not a real risk, while a missed match turns a genuine bounce into "unknown".
 */
final class LookupKeys {
    private LookupKeys() {
    }

    static String messageId(String messageId) {
        if (messageId == null) {
            return null;
        }
        String s = messageId.strip();
        if (s.startsWith("<")) {
            s = s.substring(1);
        }
        if (s.endsWith(">")) {
            s = s.substring(0, s.length() - 1);
        }
        s = s.strip();
        return s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
    }

    static String address(String address) {
        if (address == null) {
            return null;
        }
        String s = address.strip();
        if (s.startsWith("<") && s.endsWith(">") && s.length() >= 2) {
            s = s.substring(1, s.length() - 1);
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
