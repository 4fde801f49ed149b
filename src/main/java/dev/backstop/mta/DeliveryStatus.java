package dev.backstop.mta;

/** What a delivery attempt came to, as the MTA logged it. */
public enum DeliveryStatus {
    /** Accepted by the next hop or delivered locally (Postfix {@code status=sent}, Exim {@code =>}/{@code ->}). */
    SENT,
    /** Temporary failure, will be retried (Postfix {@code status=deferred}, Exim {@code ==}). */
    DEFERRED,
    /** Permanent failure, the sender gets a bounce (Postfix {@code status=bounced}/{@code expired}, Exim {@code **}). */
    BOUNCED
}
