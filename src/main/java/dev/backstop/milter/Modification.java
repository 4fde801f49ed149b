package dev.backstop.milter;

import java.util.Objects;

/**
 * A change to the message that the filter asks for at end of message, before its final {@link Decision}. Each
 * needs an action negotiated at option negotiation; the server drops (and logs) one the MTA did not grant.
 */
public sealed interface Modification {

    /** Append a header (SMFIR_ADDHEADER). */
    record AddHeader(String name, String value) implements Modification {
        public AddHeader {
            requireHeader(name, value);
        }
    }

    /**
     * Change the {@code index}-th (1-based) occurrence of header {@code name}; an empty value deletes it
     * (SMFIR_CHGHEADER).
     */
    record ChangeHeader(int index, String name, String value) implements Modification {
        public ChangeHeader {
            requireHeader(name, value);
            if (index < 1) {
                throw new IllegalArgumentException("header index is 1-based: " + index);
            }
        }
    }

    /** Insert a header at position {@code index}, 0 being the top (SMFIR_INSHEADER). */
    record InsertHeader(int index, String name, String value) implements Modification {
        public InsertHeader {
            requireHeader(name, value);
            if (index < 0) {
                throw new IllegalArgumentException("header index must be >= 0: " + index);
            }
        }
    }

    /** Replace the envelope sender, optionally with ESMTP arguments (SMFIR_CHGFROM). */
    record ChangeFrom(String sender, String esmtpArgs) implements Modification {
        public ChangeFrom {
            requireText(sender, "sender");
            requireText(esmtpArgs, "esmtpArgs");
        }
    }

    /** Add an envelope recipient; with ESMTP arguments it is sent as SMFIR_ADDRCPT_PAR. */
    record AddRecipient(String recipient, String esmtpArgs) implements Modification {
        public AddRecipient {
            requireText(recipient, "recipient");
            requireText(esmtpArgs, "esmtpArgs");
            if (recipient.isEmpty()) {
                throw new IllegalArgumentException("empty recipient");
            }
        }
    }

    /** Remove an envelope recipient, given as the MTA sent it in RCPT (SMFIR_DELRCPT). */
    record DeleteRecipient(String recipient) implements Modification {
        public DeleteRecipient {
            requireText(recipient, "recipient");
            if (recipient.isEmpty()) {
                throw new IllegalArgumentException("empty recipient");
            }
        }
    }

    /**
     * Put the message in the MTA's quarantine (Postfix: the hold queue) with a reason (SMFIR_QUARANTINE). The
     * final decision still follows; Postfix keeps the quarantine even when it is {@code accept}.
     */
    record Quarantine(String reason) implements Modification {
        public Quarantine {
            requireText(reason, "reason");
            if (reason.isEmpty()) {
                throw new IllegalArgumentException("quarantine needs a reason");
            }
        }
    }

    static AddHeader addHeader(String name, String value) {
        return new AddHeader(name, value);
    }

    static Quarantine quarantine(String reason) {
        return new Quarantine(reason);
    }

    private static void requireHeader(String name, String value) {
        requireText(name, "header name");
        requireText(value, "header value");
        if (name.isEmpty() || name.indexOf(':') >= 0 || name.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("bad header name: " + name);
        }
    }

    private static void requireText(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must not contain NUL");
        }
    }
}
