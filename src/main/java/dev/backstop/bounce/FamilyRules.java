package dev.backstop.bounce;

import dev.backstop.mail.MimePart;
import java.util.List;
import java.util.Locale;

/**
 * Reasons that a service's own notice format decides, whatever its wording or language. Each rule names
 * the service and the stable marks of its notices (sender domain, a help URL it always links).
 */
final class FamilyRules {
    /** One rule: notices whose From contains {@code sender} and whose text contains {@code mark}. */
    record Rule(String family, String sender, String mark, Reason reason) {}

    static final List<Rule> RULES = List.of(
            // Google Groups refuses posts to a group that does not exist or does not let the sender post
            new Rule("googlegroups", "googlemail.com", "groups.google.com", Reason.REJECTED),
            // fml (mailing list manager) answers from list-admin@: a post from a non-member is refused, a post
            // whose Message-ID it has already seen is dropped as a loop (a malformed, non-unique message)
            new Rule("fml", "-admin@", "are not a member of this mailing list", Reason.REJECTED),
            new Rule("fml", "-admin@", "NOT MEMBER article from", Reason.REJECTED),
            new Rule("fml", "-admin@", "Duplicated Message-ID", Reason.NOTCOMPLIANTRFC));

    private FamilyRules() {}

    /** The reason a family rule fixes for this notice, or null. */
    static Rule match(MimePart root, String notice) {
        String from = root.header("From").toLowerCase(Locale.ROOT);
        String text = notice.length() > 16384 ? notice.substring(0, 16384) : notice;
        for (Rule r : RULES) {
            if (from.contains(r.sender()) && text.contains(r.mark())) {
                return r;
            }
        }
        return null;
    }
}
