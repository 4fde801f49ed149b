/*
 * null-milter: the floor of the milter transport. A libmilter filter (Sendmail's own C library, as opendkim
 * uses) that accepts everything and does no work, negotiating exactly the protocol steps Backstop negotiates
 * (the same events skipped, the same replies not waited for, one macro per stage), so that the gap between it
 * and bare Postfix is what the milter protocol itself costs Postfix and the machine.
 *
 * usage: null-milter inet:PORT@127.0.0.1 | unix:/path/to/socket
 * Built and started by bench/milter-vs-peers.sh (mode "null"); needs Debian's libmilter-dev.
 */
#include <stdio.h>
#include <string.h>
#include <libmilter/mfapi.h>

#define ACTIONS (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_ADDRCPT | SMFIF_ADDRCPT_PAR | SMFIF_DELRCPT \
                 | SMFIF_QUARANTINE | SMFIF_CHGFROM | SMFIF_SETSYMLIST)
/* as EngineMilter: HELO, DATA, EOH and UNKNOWN not sent; no reply to anything but RCPT and end of message */
#define STEPS (SMFIP_SKIP | SMFIP_NOHELO | SMFIP_NODATA | SMFIP_NOEOH | SMFIP_NOUNKNOWN | SMFIP_NR_CONN \
               | SMFIP_NR_HELO | SMFIP_NR_MAIL | SMFIP_NR_DATA | SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY \
               | SMFIP_NR_UNKN)

static sfsistat negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2, unsigned long f3,
                          unsigned long *pf0, unsigned long *pf1, unsigned long *pf2, unsigned long *pf3) {
    static const int stages[] = {SMFIM_CONNECT, SMFIM_HELO, SMFIM_ENVFROM, SMFIM_ENVRCPT, SMFIM_DATA, SMFIM_EOM,
                                 SMFIM_EOH};
    (void) f2; (void) f3;
    *pf0 = f0 & ACTIONS;
    *pf1 = f1 & STEPS;
    *pf2 = 0;
    *pf3 = 0;
    if (f0 & SMFIF_SETSYMLIST)
        for (size_t i = 0; i < sizeof stages / sizeof *stages; i++)
            smfi_setsymlist(ctx, stages[i], "i");
    return SMFIS_CONTINUE;
}

static sfsistat on_rcpt(SMFICTX *ctx, char **argv) { (void) ctx; (void) argv; return SMFIS_CONTINUE; }
static sfsistat on_header(SMFICTX *ctx, char *f, char *v) { (void) ctx; (void) f; (void) v; return SMFIS_CONTINUE; }
static sfsistat on_body(SMFICTX *ctx, unsigned char *b, size_t n) { (void) ctx; (void) b; (void) n; return SMFIS_CONTINUE; }
static sfsistat on_eom(SMFICTX *ctx) { (void) ctx; return SMFIS_CONTINUE; }

int main(int argc, char **argv) {
    struct smfiDesc desc;
    if (argc != 2) {
        fprintf(stderr, "usage: null-milter inet:PORT@127.0.0.1 | unix:PATH\n");
        return 2;
    }
    memset(&desc, 0, sizeof desc);
    desc.xxfi_name = "null-milter";
    desc.xxfi_version = SMFI_VERSION;
    desc.xxfi_flags = ACTIONS;
    desc.xxfi_envrcpt = on_rcpt;
    desc.xxfi_header = on_header;
    desc.xxfi_body = on_body;
    desc.xxfi_eom = on_eom;
    desc.xxfi_negotiate = negotiate;
    if (smfi_setconn(argv[1]) == MI_FAILURE || smfi_setbacklog(128) == MI_FAILURE
            || smfi_register(desc) == MI_FAILURE) {
        fprintf(stderr, "null-milter: cannot set up %s\n", argv[1]);
        return 1;
    }
    return smfi_main() == MI_SUCCESS ? 0 : 1;
}
