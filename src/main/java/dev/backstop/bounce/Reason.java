package dev.backstop.bounce;

import java.util.Locale;

/** Bounce reasons, named as Sisimai names them so results compare with the reference parser. */
public enum Reason {
    AUTHFAILURE, BADREPUTATION, BLOCKED, CONTENTERROR, DELIVERED, EMAILTOOLARGE, EXPIRED, FAILEDSTARTTLS,
    FEEDBACK, FILTERED, HASMOVED, HOSTUNKNOWN, MAILBOXFULL, MAILERERROR, MESGTOOBIG, NETWORKERROR,
    NORELAYING, NOTACCEPT, NOTCOMPLIANTRFC, ONHOLD, POLICYVIOLATION, RATELIMITED, REJECTED, REQUIREPTR,
    SECURITYERROR, SPAMDETECTED, SPEEDING, SUPPRESSED, SUSPEND, SYNTAXERROR, SYSTEMERROR, SYSTEMFULL,
    TOOMANYCONN, USERUNKNOWN, VACATION, VIRUSDETECTED, UNDEFINED;

    /** The lower-case name Sisimai uses, e.g. {@code userunknown}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Reason fromLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
