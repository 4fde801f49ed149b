package dev.backstop.outbound;

/** How delivery of one recipient ended, as the mail log or a genuine bounce reports it. */
public enum DeliveryOutcome { SENT, DEFERRED, BOUNCED }
