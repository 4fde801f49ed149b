package dev.backstop.outbound;

/** What the MTA does with one outgoing message. */
public enum ContainmentAction {
    /** Send it on. */
    ACCEPT,
    /** 4xx: the client may try again later (the message stays with the sender). */
    TEMPFAIL,
    /** Accept it into Postfix's hold queue (milter quarantine) until an admin releases or purges it. */
    HOLD,
    /** 5xx: refuse it. */
    REJECT
}
