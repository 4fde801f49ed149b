package dev.backstop.milter;

/**
 * The MTA events a filter may ask not to receive ({@code SMFIP_NO*}) or not to answer ({@code SMFIP_NR_*}).
 * Asking not to answer saves a round trip per event, but the session's decision for it is then ignored.
 */
public enum MilterEvent {
    CONNECT(Protocol.SMFIP_NOCONNECT, Protocol.SMFIP_NR_CONN),
    HELO(Protocol.SMFIP_NOHELO, Protocol.SMFIP_NR_HELO),
    MAIL(Protocol.SMFIP_NOMAIL, Protocol.SMFIP_NR_MAIL),
    RCPT(Protocol.SMFIP_NORCPT, Protocol.SMFIP_NR_RCPT),
    DATA(Protocol.SMFIP_NODATA, Protocol.SMFIP_NR_DATA),
    HEADER(Protocol.SMFIP_NOHDRS, Protocol.SMFIP_NR_HDR),
    END_OF_HEADERS(Protocol.SMFIP_NOEOH, Protocol.SMFIP_NR_EOH),
    BODY(Protocol.SMFIP_NOBODY, Protocol.SMFIP_NR_BODY),
    UNKNOWN(Protocol.SMFIP_NOUNKNOWN, Protocol.SMFIP_NR_UNKN);

    final int noSendFlag;
    final int noReplyFlag;

    MilterEvent(int noSendFlag, int noReplyFlag) {
        this.noSendFlag = noSendFlag;
        this.noReplyFlag = noReplyFlag;
    }
}
