package dev.backstop.milter;

/**
 * The protocol stages at which the MTA sends macros (SMFIM_* numbers in option negotiation, command letters in
 * SMFIC_MACRO).
 */
public enum MacroStage {
    CONNECT(0, 'C'), HELO(1, 'H'), ENVFROM(2, 'M'), ENVRCPT(3, 'R'), DATA(4, 'T'), EOM(5, 'E'), EOH(6, 'N');

    final int smfim;
    final byte command;

    MacroStage(int smfim, char command) {
        this.smfim = smfim;
        this.command = (byte) command;
    }

    /** The stage of a macro command's letter, or null for a letter no stage uses. */
    static MacroStage ofCommand(byte command) {
        for (MacroStage s : values()) {
            if (s.command == command) {
                return s;
            }
        }
        return null;
    }

    static MacroStage ofSmfim(int smfim) {
        for (MacroStage s : values()) {
            if (s.smfim == smfim) {
                return s;
            }
        }
        return null;
    }
}
