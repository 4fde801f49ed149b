package dev.backstop.milter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The MTA side's view of filter replies, for {@link MilterClient}; validates like Postfix does. */
final class ReplyDecoder {
    private ReplyDecoder() {}

    /** Marker for SMFIR_PROGRESS. */
    static final Object PROGRESS = new Object();

    /**
     * @return a {@link Decision}, a {@link Modification} or {@link #PROGRESS}
     */
    static Object decode(byte command, ByteBuffer data) throws MilterProtocolException {
        try {
            return decodeChecked(command, data);
        } catch (IllegalArgumentException e) {
            // the value types refuse what Postfix would refuse too (empty header name, bad index...)
            throw new MilterProtocolException("malformed reply '" + (char) command + "': " + e.getMessage());
        }
    }

    private static Object decodeChecked(byte command, ByteBuffer data) throws MilterProtocolException {
        CommandDecoder.Cursor c = new CommandDecoder.Cursor(data);
        switch (command) {
            case Protocol.SMFIR_CONTINUE:
                return Decision.CONTINUE;
            case Protocol.SMFIR_ACCEPT:
                return Decision.ACCEPT;
            case Protocol.SMFIR_REJECT:
                return Decision.REJECT;
            case Protocol.SMFIR_TEMPFAIL:
                return Decision.TEMPFAIL;
            case Protocol.SMFIR_DISCARD:
                return Decision.DISCARD;
            case Protocol.SMFIR_SKIP:
                return Decision.SKIP;
            case Protocol.SMFIR_PROGRESS:
                return PROGRESS;
            case Protocol.SMFIR_REPLYCODE:
                return parseReply(unescapePercent(c.string("reply text")));
            case Protocol.SMFIR_ADDHEADER:
                return new Modification.AddHeader(c.string("header name"), c.string("header value"));
            case Protocol.SMFIR_CHGHEADER: {
                int index = c.int32();
                return new Modification.ChangeHeader(Math.max(index, 1), c.string("header name"), c.string("header value"));
            }
            case Protocol.SMFIR_INSHEADER: {
                int index = c.int32();
                return new Modification.InsertHeader(index, c.string("header name"), c.string("header value"));
            }
            case Protocol.SMFIR_CHGFROM: {
                String from = c.string("sender");
                return new Modification.ChangeFrom(from, c.more() ? c.string("esmtp args") : "");
            }
            case Protocol.SMFIR_ADDRCPT:
                return new Modification.AddRecipient(c.string("recipient"), "");
            case Protocol.SMFIR_ADDRCPT_PAR: {
                String rcpt = c.string("recipient");
                return new Modification.AddRecipient(rcpt, c.more() ? c.string("esmtp args") : "");
            }
            case Protocol.SMFIR_DELRCPT:
                return new Modification.DeleteRecipient(c.string("recipient"));
            case Protocol.SMFIR_QUARANTINE:
                return new Modification.Quarantine(c.string("reason"));
            default:
                throw new MilterProtocolException("unexpected reply 0x" + Integer.toHexString(command & 0xff));
        }
    }

    static OptionNegotiation optionNegotiation(byte command, ByteBuffer data) throws MilterProtocolException {
        if (command != Protocol.SMFIC_OPTNEG) {
            throw new MilterProtocolException("expected OPTNEG reply, got 0x" + Integer.toHexString(command & 0xff));
        }
        CommandDecoder.Cursor c = new CommandDecoder.Cursor(data);
        int version = c.int32();
        int actions = c.int32();
        int protocol = c.int32();
        Map<MacroStage, List<String>> macros = new EnumMap<>(MacroStage.class);
        while (c.more()) {
            int stage = c.int32();
            String names = c.string("macro list");
            MacroStage s = MacroStage.ofSmfim(stage);
            if (s != null) {
                macros.put(s, List.of(names.trim().split("[ ,]+")));
            }
        }
        return new OptionNegotiation(version, actions, protocol, macros);
    }

    /** Postfix's reading: "%%" is '%', a single '%' is dropped. */
    static String unescapePercent(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '%') {
                    sb.append('%');
                    i++;
                }
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    static Decision.Reply parseReply(String text) throws MilterProtocolException {
        String[] lines = text.split("\r\n", -1);
        List<String> texts = new ArrayList<>(lines.length);
        int code = -1;
        String status = null;
        for (String line : lines) {
            if (line.length() < 4 || !line.substring(0, 3).chars().allMatch(Character::isDigit)
                    || (line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new MilterProtocolException("malformed reply line: " + line);
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && lineCode != code) {
                throw new MilterProtocolException("reply codes differ between lines: " + text);
            }
            code = lineCode;
            String rest = line.substring(4);
            int sp = rest.indexOf(' ');
            String first = sp < 0 ? rest : rest.substring(0, sp);
            String lineStatus = first.matches("[245]\\.\\d{1,3}\\.\\d{1,3}") ? first : "";
            if (status == null) {
                status = lineStatus;
            }
            texts.add(lineStatus.isEmpty() ? rest : (sp < 0 ? "" : rest.substring(sp + 1)));
        }
        try {
            return new Decision.Reply(code, status, texts);
        } catch (IllegalArgumentException e) {
            throw new MilterProtocolException("bad reply: " + e.getMessage());
        }
    }
}
