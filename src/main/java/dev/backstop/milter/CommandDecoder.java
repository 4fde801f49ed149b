package dev.backstop.milter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns MTA-to-filter packets into {@link Command}s. Everything is bounded by the packet, already limited by
 * {@link PacketReader}; anything malformed is a {@link MilterProtocolException}, never another exception.
 * Strings are decoded as UTF-8 (Postfix passes SMTPUTF8 addresses and headers as UTF-8; other 8-bit bytes
 * become U+FFFD).
 */
final class CommandDecoder {
    private CommandDecoder() {}

    static Command decode(byte command, ByteBuffer data) throws MilterProtocolException {
        Cursor c = new Cursor(data);
        switch (command) {
            case Protocol.SMFIC_OPTNEG -> {
                if (data.remaining() < 12) {
                    throw new MilterProtocolException("OPTNEG needs 12 bytes, got " + data.remaining());
                }
                return new Command.OptNeg(c.int32(), c.int32(), c.int32());
            }
            case Protocol.SMFIC_MACRO -> {
                if (!c.more()) {
                    throw new MilterProtocolException("MACRO without stage");
                }
                byte stage = c.byte8();
                Map<String, String> values = new LinkedHashMap<>();
                while (c.more()) {
                    String name = c.string("macro name");
                    if (!c.more()) {
                        throw new MilterProtocolException("MACRO " + name + " without value");
                    }
                    values.put(name, c.string("macro value"));
                }
                return new Command.Macros(stage, values);
            }
            case Protocol.SMFIC_CONNECT -> {
                String host = c.string("connect host name");
                if (!c.more()) {
                    throw new MilterProtocolException("CONNECT without address family");
                }
                byte code = c.byte8();
                ConnectionInfo.Family family = ConnectionInfo.Family.ofCode(code);
                if (family == null) {
                    throw new MilterProtocolException("CONNECT with unknown address family 0x" + Integer.toHexString(code & 0xff));
                }
                if (family == ConnectionInfo.Family.UNKNOWN) {
                    return new Command.Connect(new ConnectionInfo(host, family, 0, ""));
                }
                int port = c.uint16();
                String address = c.string("connect address");
                return new Command.Connect(new ConnectionInfo(host, family, port, address));
            }
            case Protocol.SMFIC_HELO -> {
                return new Command.Helo(c.string("HELO name"));
            }
            case Protocol.SMFIC_MAIL -> {
                return new Command.Mail(c.strings("MAIL"));
            }
            case Protocol.SMFIC_RCPT -> {
                return new Command.Rcpt(c.strings("RCPT"));
            }
            case Protocol.SMFIC_HEADER -> {
                String name = c.string("header name");
                return new Command.Header(name, c.string("header value"));
            }
            case Protocol.SMFIC_BODY -> {
                return new Command.Body(data);
            }
            case Protocol.SMFIC_BODYEOB -> {
                return new Command.EndOfBody(data);
            }
            case Protocol.SMFIC_UNKNOWN -> {
                return new Command.Unknown(c.string("unknown command"));
            }
            // libmilter ignores data on these; so do we.
            case Protocol.SMFIC_DATA -> {
                return Command.DATA;
            }
            case Protocol.SMFIC_EOH -> {
                return Command.END_OF_HEADERS;
            }
            case Protocol.SMFIC_ABORT -> {
                return Command.ABORT;
            }
            case Protocol.SMFIC_QUIT -> {
                return Command.QUIT;
            }
            case Protocol.SMFIC_QUIT_NC -> {
                return Command.QUIT_NC;
            }
            default -> throw new MilterProtocolException("unknown command 0x" + Integer.toHexString(command & 0xff));
        }
    }

    /** Reads big-endian integers and NUL-terminated strings from a packet's data. */
    static final class Cursor {
        private final ByteBuffer b;

        Cursor(ByteBuffer b) {
            this.b = b.duplicate();
        }

        boolean more() {
            return b.hasRemaining();
        }

        byte byte8() throws MilterProtocolException {
            if (!b.hasRemaining()) {
                throw new MilterProtocolException("packet too short");
            }
            return b.get();
        }

        int uint16() throws MilterProtocolException {
            if (b.remaining() < 2) {
                throw new MilterProtocolException("packet too short for a port");
            }
            return b.getShort() & 0xffff;
        }

        int int32() throws MilterProtocolException {
            if (b.remaining() < 4) {
                throw new MilterProtocolException("packet too short for an integer");
            }
            return b.getInt();
        }

        String string(String what) throws MilterProtocolException {
            int from = b.position();
            int lim = b.limit();
            for (int i = from; i < lim; i++) {
                if (b.get(i) == 0) {
                    String s = decode(from, i - from);
                    b.position(i + 1);
                    return s;
                }
            }
            throw new MilterProtocolException(what + " is not NUL-terminated");
        }

        /** One or more strings filling the rest of the packet. */
        List<String> strings(String what) throws MilterProtocolException {
            List<String> out = new ArrayList<>(4);
            do {
                out.add(string(what + " argument"));
            } while (b.hasRemaining());
            return out;
        }

        private String decode(int from, int len) {
            if (b.hasArray()) {
                return new String(b.array(), b.arrayOffset() + from, len, StandardCharsets.UTF_8);
            }
            byte[] copy = new byte[len];
            b.get(from, copy);
            return new String(copy, StandardCharsets.UTF_8);
        }
    }
}
