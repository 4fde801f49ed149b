package dev.backstop.milter;

/**
 * Wire constants of the Sendmail milter protocol version 6, named as in libmilter's {@code mfdef.h} so they can
 * be checked against it and against Postfix's {@code milter8.c}.
 */
final class Protocol {
    private Protocol() {}

    static final int VERSION = 6;
    /** The oldest MTA version we talk to; v2 is the first with the option negotiation layout we parse. */
    static final int MIN_VERSION = 2;

    // Commands, MTA to filter.
    static final byte SMFIC_ABORT = 'A';
    static final byte SMFIC_BODY = 'B';
    static final byte SMFIC_CONNECT = 'C';
    static final byte SMFIC_MACRO = 'D';
    static final byte SMFIC_BODYEOB = 'E';
    static final byte SMFIC_HELO = 'H';
    static final byte SMFIC_QUIT_NC = 'K';
    static final byte SMFIC_HEADER = 'L';
    static final byte SMFIC_MAIL = 'M';
    static final byte SMFIC_EOH = 'N';
    static final byte SMFIC_OPTNEG = 'O';
    static final byte SMFIC_QUIT = 'Q';
    static final byte SMFIC_RCPT = 'R';
    static final byte SMFIC_DATA = 'T';
    static final byte SMFIC_UNKNOWN = 'U';

    // Replies and actions, filter to MTA.
    static final byte SMFIR_ADDRCPT = '+';
    static final byte SMFIR_DELRCPT = '-';
    static final byte SMFIR_ADDRCPT_PAR = '2';
    static final byte SMFIR_SHUTDOWN = '4';
    static final byte SMFIR_ACCEPT = 'a';
    static final byte SMFIR_REPLBODY = 'b';
    static final byte SMFIR_CONTINUE = 'c';
    static final byte SMFIR_DISCARD = 'd';
    static final byte SMFIR_CHGFROM = 'e';
    static final byte SMFIR_CONN_FAIL = 'f';
    static final byte SMFIR_ADDHEADER = 'h';
    static final byte SMFIR_INSHEADER = 'i';
    static final byte SMFIR_SETSYMLIST = 'l';
    static final byte SMFIR_CHGHEADER = 'm';
    static final byte SMFIR_PROGRESS = 'p';
    static final byte SMFIR_QUARANTINE = 'q';
    static final byte SMFIR_REJECT = 'r';
    static final byte SMFIR_SKIP = 's';
    static final byte SMFIR_TEMPFAIL = 't';
    static final byte SMFIR_REPLYCODE = 'y';

    // Actions the filter may request (SMFIF_*).
    static final int SMFIF_ADDHDRS = 0x01;
    static final int SMFIF_CHGBODY = 0x02;
    static final int SMFIF_ADDRCPT = 0x04;
    static final int SMFIF_DELRCPT = 0x08;
    static final int SMFIF_CHGHDRS = 0x10;
    static final int SMFIF_QUARANTINE = 0x20;
    static final int SMFIF_CHGFROM = 0x40;
    static final int SMFIF_ADDRCPT_PAR = 0x80;
    static final int SMFIF_SETSYMLIST = 0x100;
    /** What Postfix 3.x offers. */
    static final int SMFIF_ALL = 0x1FF;

    // Protocol steps (SMFIP_*): events not to send, replies not to wait for, extensions.
    static final int SMFIP_NOCONNECT = 0x01;
    static final int SMFIP_NOHELO = 0x02;
    static final int SMFIP_NOMAIL = 0x04;
    static final int SMFIP_NORCPT = 0x08;
    static final int SMFIP_NOBODY = 0x10;
    static final int SMFIP_NOHDRS = 0x20;
    static final int SMFIP_NOEOH = 0x40;
    static final int SMFIP_NR_HDR = 0x80;
    static final int SMFIP_NOUNKNOWN = 0x100;
    static final int SMFIP_NODATA = 0x200;
    static final int SMFIP_SKIP = 0x400;
    static final int SMFIP_RCPT_REJ = 0x800;
    static final int SMFIP_NR_CONN = 0x1000;
    static final int SMFIP_NR_HELO = 0x2000;
    static final int SMFIP_NR_MAIL = 0x4000;
    static final int SMFIP_NR_RCPT = 0x8000;
    static final int SMFIP_NR_DATA = 0x10000;
    static final int SMFIP_NR_UNKN = 0x20000;
    static final int SMFIP_NR_EOH = 0x40000;
    static final int SMFIP_NR_BODY = 0x80000;
    static final int SMFIP_HDR_LEADSPC = 0x100000;
    /** What Postfix 3.x offers with {@code milter_protocol = 6}. */
    static final int SMFIP_V6_ALL = 0x1FFFFF;

    // Address families in SMFIC_CONNECT.
    static final byte SMFIA_UNKNOWN = 'U';
    static final byte SMFIA_UNIX = 'L';
    static final byte SMFIA_INET = '4';
    static final byte SMFIA_INET6 = '6';
}
