package dev.backstop.store;

/** The delivery states a mail log reports per recipient. */
public enum DeliveryStatus {
    SENT, DEFERRED, BOUNCED
}
