package dev.backstop.bounce;

import static dev.backstop.bounce.Reason.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides the reason of one recipient from its status code, diagnostic text, rejected command and action.
 * Order matters: specific phrases (a full mailbox, a suspended account) win over the generic meaning of a
 * status code, and the status code wins over weak phrases. The order follows the reference parser's, so the
 * names mean the same thing in both.
 */
final class ReasonClassifier {
    /** First pass: a phrase or an exact status meaning decides. */
    private static final List<Reason> FIRST = List.of(MAILBOXFULL, EMAILTOOLARGE, SUSPEND, HASMOVED, NORELAYING,
            AUTHFAILURE, USERUNKNOWN, FILTERED, REQUIREPTR, NOTCOMPLIANTRFC, BADREPUTATION, CONTENTERROR, REJECTED,
            HOSTUNKNOWN, SPAMDETECTED, RATELIMITED, BLOCKED);
    /** Second pass over phrases, when the status code alone says little. */
    private static final List<Reason> SECOND = List.of(MAILBOXFULL, AUTHFAILURE, BADREPUTATION, RATELIMITED,
            SPAMDETECTED, VIRUSDETECTED, POLICYVIOLATION, NORELAYING, SYSTEMERROR, NOTACCEPT, NETWORKERROR, SUSPEND,
            CONTENTERROR, SYSTEMFULL, EXPIRED, FAILEDSTARTTLS, SECURITYERROR, SUPPRESSED, MAILERERROR);
    /** Reasons a status code gives only weakly: a phrase may still say better. */
    private static final Set<Reason> WEAK = EnumSet.of(UNDEFINED, ONHOLD, SYSTEMERROR, SECURITYERROR, EXPIRED,
            NETWORKERROR, HOSTUNKNOWN, USERUNKNOWN);
    /** Causes more specific than "the sender was refused" when a server says them at MAIL FROM. */
    private static final List<Reason> NOT_JUST_SENDER = List.of(BLOCKED, SPAMDETECTED, RATELIMITED, AUTHFAILURE,
            BADREPUTATION, REQUIREPTR, SECURITYERROR, POLICYVIOLATION, NORELAYING, MAILBOXFULL, SYSTEMERROR);
    /** Commands before any recipient is named. */
    private static final Set<String> BEFORE_RCPT = Set.of("CONN", "HELO", "EHLO", "MAIL");
    /** Commands before DATA: a rejection there cannot be about the content. */
    private static final Set<String> BEFORE_DATA = Set.of("CONN", "HELO", "EHLO", "MAIL", "RCPT");

    private final PhraseTable phrases = PhraseTable.get();
    private final RemoteHostRules providers = RemoteHostRules.get();

    Reason classify(Fact f) {
        if (f.reason != null && f.reason != UNDEFINED && f.reason != ONHOLD) {
            return f.reason;
        }
        if (f.status.startsWith("2.")) {
            return DELIVERED;
        }
        String diag = lower(f.diagnostic);
        Reason byProvider = providers.reasonFor(f.remoteMta, f.address, f.status, diag);
        if (byProvider != null) {
            return byProvider;
        }
        PhraseTable.Hits hits = phrases.scan(diag);
        Reason sure = hits.sureReason();
        if (sure != null) {
            return sure;
        }
        Set<Reason> matched = hits.reasons();
        String code = statusSaid(f);
        Reason byStatus = StatusTable.isInternal(code) ? null : StatusTable.reasonOf(code);
        boolean smtp = f.diagnosticType.isEmpty() || f.diagnosticType.equalsIgnoreCase("smtp");
        if (smtp || !f.diagnosticType.toUpperCase(Locale.ROOT).startsWith("X-UNIX")) {
            for (Reason r : FIRST) {
                if (probe(r, f, diag, byStatus, matched)) {
                    return r;
                }
            }
        }
        Reason r = another(f, byStatus, smtp, matched);
        if (r != null && r != UNDEFINED) {
            return r;
        }
        if (f.action.equals("delayed")) {
            return EXPIRED;
        }
        if (matched.contains(VACATION)) {
            return VACATION;
        }
        return diag.isBlank() ? UNDEFINED : ONHOLD;
    }

    /**
     * The status code that means most: the reported one, unless it says nothing specific (x.0.0, an
     * internal code, none) and the reply quoted in the diagnostic carries a specific code of the same class,
     * as in "Status: 5.0.0" over "550 5.1.1 &lt;a@example.org&gt;... User unknown".
     */
    private static String statusSaid(Fact f) {
        String code = f.status;
        if (!code.isEmpty() && !SmtpText.isGeneric(code) && !StatusTable.isInternal(code)) {
            return code;
        }
        String said = SmtpText.status(f.diagnostic);
        if (said.isEmpty() || SmtpText.isGeneric(said) || !code.isEmpty() && said.charAt(0) != code.charAt(0)) {
            return code;
        }
        return said;
    }

    private boolean probe(Reason r, Fact f, String diag, Reason byStatus, Set<Reason> matched) {
        switch (r) {
            case USERUNKNOWN:
                if (f.command.equals("MAIL") || f.command.equals("HELO")) {
                    return false; // refused before any recipient was named: the sender or our host
                }
                if (byStatus == USERUNKNOWN) {
                    for (Reason other : List.of(AUTHFAILURE, BLOCKED, MAILBOXFULL, HASMOVED, REJECTED, NOTACCEPT)) {
                        if (matched.contains(other)) {
                            return false;
                        }
                    }
                    return true;
                }
                // "user unknown" counts only as the answer to RCPT; after DATA it is a filter talking
                return f.command.equals("RCPT") && matched.contains(USERUNKNOWN);
            case FILTERED:
                if (byStatus == FILTERED) {
                    return true;
                }
                if (byStatus == USERUNKNOWN || BEFORE_DATA.contains(f.command)) {
                    return false;
                }
                return matched.contains(FILTERED) || matched.contains(USERUNKNOWN);
            case SPAMDETECTED:
                if (byStatus == SPAMDETECTED) {
                    return true;
                }
                return !BEFORE_DATA.contains(f.command) && matched.contains(SPAMDETECTED);
            case REJECTED:
                if (byStatus == REJECTED) {
                    return true;
                }
                if (matched.contains(REJECTED)) {
                    return true;
                }
                // refused at MAIL FROM: the sender, unless the words name a more specific cause
                if (!f.command.equals("MAIL") || diag.isEmpty()) {
                    return false;
                }
                for (Reason other : NOT_JUST_SENDER) {
                    if (matched.contains(other)) {
                        return false;
                    }
                }
                return true;
            case MAILBOXFULL:
                if (byStatus == MAILBOXFULL) {
                    return true;
                }
                // before RCPT no mailbox has been named: "insufficient disk space" there is the whole system's
                return matched.contains(MAILBOXFULL)
                        && !(byStatus == SYSTEMFULL && BEFORE_RCPT.contains(f.command));
            case SUSPEND:
                // 525 is the reply RFC 5248 gives a disabled account (with 5.7.13)
                return byStatus == SUSPEND || matched.contains(SUSPEND)
                        || (f.replyCode.isEmpty() ? SmtpText.replyCode(f.diagnostic) : f.replyCode).equals("525");
            case CONTENTERROR:
                // x.6.x alone is decided later; a spam verdict given with 5.6.0 is still spam
                return matched.contains(CONTENTERROR);
            case HOSTUNKNOWN:
                if (f.command.equals("MAIL") || f.command.equals("HELO")) {
                    return false; // the domain refused was ours (HELO name, sender domain)
                }
                if (byStatus == HOSTUNKNOWN) {
                    return !matched.contains(NETWORKERROR);
                }
                // "host not found, try again" and a temporary DNS answer are the resolver failing, not a verdict
                return matched.contains(HOSTUNKNOWN) && !(matched.contains(NETWORKERROR)
                        && (f.status.startsWith("4") || diag.contains("try again")));
            default:
                return byStatus == r || matched.contains(r);
        }
    }

    private Reason another(Fact f, Reason byStatus, boolean smtp, Set<Reason> matched) {
        if (byStatus == null || WEAK.contains(byStatus) || !smtp) {
            for (Reason r : SECOND) {
                if (matched.contains(r)) {
                    return r;
                }
            }
            if (byStatus != null) {
                return byStatus;
            }
            String s = f.status.length() >= 3 ? f.status.substring(0, 3) : "";
            if (s.equals("5.6") || s.equals("4.6")) {
                return CONTENTERROR;
            }
            if (s.equals("5.7") || s.equals("4.7")) {
                return SECURITYERROR;
            }
            if (f.diagnosticType.toUpperCase(Locale.ROOT).startsWith("X-UNIX")) {
                return MAILERERROR;
            }
            if (matched.contains(SYNTAXERROR)) {
                return SYNTAXERROR;
            }
            if (f.action.equals("delayed") || f.action.equals("expired")) {
                return EXPIRED;
            }
            if (f.command.equals("HELO")) {
                return BLOCKED;
            }
        }
        return byStatus;
    }

    static String lower(String s) {
        String t = s.length() > SmtpText.MAX_SCAN ? s.substring(0, SmtpText.MAX_SCAN) : s;
        return withoutContinuationCodes(LowerCase.oneLine(t));
    }

    /**
     * A multi-line reply joined into one ("550-5.7.1 Messages with multiple 550-5.7.1 addresses in From:")
     * repeats its codes inside the sentence; drop the repeats so phrases match across line breaks.
     */
    static String withoutContinuationCodes(String s) {
        if (s.length() < 8) {
            return s;
        }
        String code = null;
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i + 3 < s.length(); i++) {
            if (i > 0 && s.charAt(i - 1) != ' ' || !isReplyAt(s, i)) {
                continue;
            }
            if (code == null) {
                code = s.substring(i, i + 3); // the reply itself stays; only its repeats go
                continue;
            }
            if (!s.startsWith(code, i)) {
                continue;
            }
            int end = i + 4;
            int statusEnd = statusEnd(s, end);
            if (statusEnd > end) {
                end = statusEnd < s.length() && s.charAt(statusEnd) == ' ' ? statusEnd + 1 : statusEnd;
            } else if (s.charAt(i + 3) != '-') {
                continue; // "550 " alone mid-text may be a number in the sentence
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, copied, i);
            copied = end;
            i = end - 1;
        }
        if (out == null) {
            return s;
        }
        return out.append(s, Math.min(copied, s.length()), s.length()).toString();
    }

    private static boolean isReplyAt(String s, int i) {
        char c = s.charAt(i);
        return (c == '4' || c == '5') && Character.isDigit(s.charAt(i + 1)) && Character.isDigit(s.charAt(i + 2))
                && (s.charAt(i + 3) == '-' || s.charAt(i + 3) == ' ');
    }

    /** The end of an enhanced status code such as "5.7.1" starting at {@code at}, or {@code at} when none. */
    private static int statusEnd(String s, int at) {
        int i = at;
        if (i + 4 >= s.length() || (s.charAt(i) != '4' && s.charAt(i) != '5') || s.charAt(i + 1) != '.') {
            return at;
        }
        i += 2;
        int dots = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' && dots++ < 1)) {
            i++;
        }
        return dots == 1 && Character.isDigit(s.charAt(i - 1)) ? i : at;
    }
}
