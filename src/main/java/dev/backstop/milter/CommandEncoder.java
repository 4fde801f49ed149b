package dev.backstop.milter;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** The MTA side's packets, as Postfix's {@code milter8.c} formats them; used by {@link MilterClient}. */
final class CommandEncoder {
    private CommandEncoder() {}

    static void optNeg(PacketWriter w, int version, int actions, int protocol) {
        w.begin(Protocol.SMFIC_OPTNEG).putInt(version).putInt(actions).putInt(protocol).end();
    }

    static void macros(PacketWriter w, MacroStage stage, Map<String, String> values) {
        w.begin(Protocol.SMFIC_MACRO).putByte(stage.command);
        values.forEach((k, v) -> w.putString(k).putString(v));
        w.end();
    }

    static void connect(PacketWriter w, ConnectionInfo info) {
        w.begin(Protocol.SMFIC_CONNECT).putString(info.hostname()).putByte(info.family().code);
        if (info.family() != ConnectionInfo.Family.UNKNOWN) {
            w.putShort(info.port()).putString(info.address());
        }
        w.end();
    }

    static void helo(PacketWriter w, String name) {
        w.begin(Protocol.SMFIC_HELO).putString(name).end();
    }

    static void args(PacketWriter w, byte command, String address, List<String> esmtpArgs) {
        w.begin(command).putString(address);
        for (String a : esmtpArgs) {
            w.putString(a);
        }
        w.end();
    }

    static void header(PacketWriter w, String name, String value) {
        w.begin(Protocol.SMFIC_HEADER).putString(name).putString(value).end();
    }

    static void body(PacketWriter w, ByteBuffer chunk) {
        w.begin(Protocol.SMFIC_BODY).putBytes(chunk).end();
    }

    static void unknown(PacketWriter w, String command) {
        w.begin(Protocol.SMFIC_UNKNOWN).putString(command).end();
    }
}
