package dev.backstop.milter;

/** Turns {@link Decision}s, {@link Modification}s and the option negotiation answer into wire packets. */
final class ReplyEncoder {
    private ReplyEncoder() {}

    static void decision(PacketWriter w, Decision d) {
        if (d instanceof Decision.Reply r) {
            w.begin(Protocol.SMFIR_REPLYCODE).putString(escapePercent(r.text())).end();
        } else {
            w.packet(code(d));
        }
    }

    private static byte code(Decision d) {
        if (d instanceof Decision.Continue) {
            return Protocol.SMFIR_CONTINUE;
        } else if (d instanceof Decision.Accept) {
            return Protocol.SMFIR_ACCEPT;
        } else if (d instanceof Decision.Reject) {
            return Protocol.SMFIR_REJECT;
        } else if (d instanceof Decision.Tempfail) {
            return Protocol.SMFIR_TEMPFAIL;
        } else if (d instanceof Decision.Discard) {
            return Protocol.SMFIR_DISCARD;
        } else if (d instanceof Decision.Skip) {
            return Protocol.SMFIR_SKIP;
        }
        throw new IllegalArgumentException("no wire code for " + d);
    }

    static void modification(PacketWriter w, Modification m) {
        if (m instanceof Modification.AddHeader h) {
            w.begin(Protocol.SMFIR_ADDHEADER).putString(h.name()).putString(h.value()).end();
        } else if (m instanceof Modification.ChangeHeader h) {
            w.begin(Protocol.SMFIR_CHGHEADER).putInt(h.index()).putString(h.name()).putString(h.value()).end();
        } else if (m instanceof Modification.InsertHeader h) {
            w.begin(Protocol.SMFIR_INSHEADER).putInt(h.index()).putString(h.name()).putString(h.value()).end();
        } else if (m instanceof Modification.ChangeFrom f) {
            w.begin(Protocol.SMFIR_CHGFROM).putString(f.sender());
            if (!f.esmtpArgs().isEmpty()) {
                w.putString(f.esmtpArgs());
            }
            w.end();
        } else if (m instanceof Modification.AddRecipient r) {
            if (r.esmtpArgs().isEmpty()) {
                w.begin(Protocol.SMFIR_ADDRCPT).putString(r.recipient()).end();
            } else {
                w.begin(Protocol.SMFIR_ADDRCPT_PAR).putString(r.recipient()).putString(r.esmtpArgs()).end();
            }
        } else if (m instanceof Modification.DeleteRecipient r) {
            w.begin(Protocol.SMFIR_DELRCPT).putString(r.recipient()).end();
        } else if (m instanceof Modification.Quarantine q) {
            w.begin(Protocol.SMFIR_QUARANTINE).putString(q.reason()).end();
        } else {
            throw new IllegalArgumentException("no wire form for " + m);
        }
    }

    /** The SMFIF_* action a modification needs. */
    static int requiredAction(Modification m) {
        if (m instanceof Modification.AddHeader || m instanceof Modification.InsertHeader) {
            return Protocol.SMFIF_ADDHDRS;
        } else if (m instanceof Modification.ChangeHeader) {
            return Protocol.SMFIF_CHGHDRS;
        } else if (m instanceof Modification.ChangeFrom) {
            return Protocol.SMFIF_CHGFROM;
        } else if (m instanceof Modification.AddRecipient r) {
            return r.esmtpArgs().isEmpty() ? Protocol.SMFIF_ADDRCPT : Protocol.SMFIF_ADDRCPT_PAR;
        } else if (m instanceof Modification.DeleteRecipient) {
            return Protocol.SMFIF_DELRCPT;
        } else if (m instanceof Modification.Quarantine) {
            return Protocol.SMFIF_QUARANTINE;
        }
        throw new IllegalArgumentException("unknown modification " + m);
    }

    static void progress(PacketWriter w) {
        w.packet(Protocol.SMFIR_PROGRESS);
    }

    static void optionNegotiation(PacketWriter w, OptionNegotiation n) {
        w.begin(Protocol.SMFIC_OPTNEG).putInt(n.version()).putInt(n.actions()).putInt(n.protocol());
        n.macros().forEach((stage, names) -> {
            if (!names.isEmpty()) {
                w.putInt(stage.smfim).putString(String.join(" ", names));
            }
        });
        w.end();
    }

    /** Sendmail uses the reply as a printf format, so a literal '%' travels as "%%" (Postfix undoes it). */
    static String escapePercent(String text) {
        return text.indexOf('%') < 0 ? text : text.replace("%", "%%");
    }
}
