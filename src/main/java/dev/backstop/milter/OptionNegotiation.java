package dev.backstop.milter;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The filter's answer to option negotiation: protocol version, the actions it may take (SMFIF_* bits), the
 * protocol steps it changes (SMFIP_* bits) and the macro names it wants per stage.
 */
public record OptionNegotiation(int version, int actions, int protocol, Map<MacroStage, List<String>> macros) {

    public OptionNegotiation {
        EnumMap<MacroStage, List<String>> m = new EnumMap<>(MacroStage.class);
        macros.forEach((k, v) -> m.put(k, List.copyOf(v)));
        macros = Collections.unmodifiableMap(m);
    }

    boolean hasAction(int smfif) {
        return (actions & smfif) == smfif;
    }

    boolean hasProtocol(int smfip) {
        return (protocol & smfip) == smfip;
    }

    /** True when the MTA will not wait for an answer to this event. */
    public boolean noReply(MilterEvent e) {
        return hasProtocol(e.noReplyFlag);
    }

    /** True when the MTA will not send this event. */
    public boolean skipped(MilterEvent e) {
        return hasProtocol(e.noSendFlag);
    }

    /**
     * What we answer to the MTA's offer: version {@code min(6, offered)}, the actions we use that the MTA
     * offers, the skip/no-reply steps configured that it offers, SMFIP_SKIP when offered, and the configured
     * macro lists when the MTA can take them (SMFIF_SETSYMLIST).
     */
    static OptionNegotiation answer(MilterConfig config, int mtaVersion, int mtaActions, int mtaProtocol) {
        int wantActions = Protocol.SMFIF_ADDHDRS | Protocol.SMFIF_CHGHDRS | Protocol.SMFIF_ADDRCPT
                | Protocol.SMFIF_ADDRCPT_PAR | Protocol.SMFIF_DELRCPT | Protocol.SMFIF_QUARANTINE
                | Protocol.SMFIF_CHGFROM;
        boolean symlist = !config.macros().isEmpty() && (mtaActions & Protocol.SMFIF_SETSYMLIST) != 0;
        if (symlist) {
            wantActions |= Protocol.SMFIF_SETSYMLIST;
        }
        int wantProtocol = Protocol.SMFIP_SKIP;
        for (MilterEvent e : config.skipEvents()) {
            wantProtocol |= e.noSendFlag;
        }
        for (MilterEvent e : config.noReplyEvents()) {
            wantProtocol |= e.noReplyFlag;
        }
        return new OptionNegotiation(Math.min(Protocol.VERSION, mtaVersion), wantActions & mtaActions,
                wantProtocol & mtaProtocol, symlist ? config.macros() : Map.of());
    }
}
