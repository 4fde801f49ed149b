package dev.backstop.batv;

import java.util.Locale;

/**
 * The parts of {@code prvs=KDDDSSSSSS=local@domain}. The tag type and the hex digits are matched without case,
 * because some MTAs lower- or upper-case whole addresses.
 */
record TaggedAddress(int keyNumber, int day, String hmacHex, String local, String domain) {
    static final String PREFIX = "prvs=";

    static boolean looksTagged(String address) {
        return address.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** Null when the address does not follow the prvs syntax; call only when {@link #looksTagged} is true. */
    static TaggedAddress parse(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            return null;
        }
        String localPart = address.substring(0, at);
        String domain = address.substring(at + 1);
        // "prvs=" + 10 chars + "=" + at least one char of the original local part
        if (localPart.length() < PREFIX.length() + 12 || localPart.charAt(PREFIX.length() + 10) != '=') {
            return null;
        }
        String tag = localPart.substring(PREFIX.length(), PREFIX.length() + 10);
        for (int i = 0; i < 4; i++) {
            if (tag.charAt(i) < '0' || tag.charAt(i) > '9') {
                return null;
            }
        }
        String hex = tag.substring(4).toLowerCase(Locale.ROOT);
        for (int i = 0; i < hex.length(); i++) {
            char ch = hex.charAt(i);
            if (!(ch >= '0' && ch <= '9') && !(ch >= 'a' && ch <= 'f')) {
                return null;
            }
        }
        String original = localPart.substring(PREFIX.length() + 11);
        return new TaggedAddress(tag.charAt(0) - '0', Integer.parseInt(tag.substring(1, 4)), hex, original, domain);
    }

    String unsigned() {
        return local + "@" + domain;
    }
}
