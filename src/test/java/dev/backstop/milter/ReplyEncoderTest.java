package dev.backstop.milter;

import static dev.backstop.milter.Bytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden wire bytes for every reply and modification, and the MTA-side decoding of each. */
class ReplyEncoderTest {

    private static byte[] encode(Decision d) {
        PacketWriter w = new PacketWriter();
        ReplyEncoder.decision(w, d);
        return w.toByteArray();
    }

    private static byte[] encode(Modification m) {
        PacketWriter w = new PacketWriter();
        ReplyEncoder.modification(w, m);
        return w.toByteArray();
    }

    /** Decodes what we encoded, as the MTA side (MilterClient) reads it. */
    private static Object roundTrip(byte[] wire) throws Exception {
        return ReplyDecoder.decode(wire[4], ByteBuffer.wrap(wire, 5, wire.length - 5).slice());
    }

    @Test
    void simpleDecisions() throws Exception {
        assertThat(encode(Decision.CONTINUE)).isEqualTo(bytes("\0\0\0\1c"));
        assertThat(encode(Decision.ACCEPT)).isEqualTo(bytes("\0\0\0\1a"));
        assertThat(encode(Decision.REJECT)).isEqualTo(bytes("\0\0\0\1r"));
        assertThat(encode(Decision.TEMPFAIL)).isEqualTo(bytes("\0\0\0\1t"));
        assertThat(encode(Decision.DISCARD)).isEqualTo(bytes("\0\0\0\1d"));
        assertThat(encode(Decision.SKIP)).isEqualTo(bytes("\0\0\0\1s"));
        for (Decision d : List.of(Decision.CONTINUE, Decision.ACCEPT, Decision.REJECT, Decision.TEMPFAIL,
                Decision.DISCARD, Decision.SKIP)) {
            assertThat(roundTrip(encode(d))).isEqualTo(d);
        }
    }

    @Test
    void replyCodeWithOwnText() throws Exception {
        Decision d = Decision.reply(550, "5.7.1", "Backscatter refused");
        byte[] wire = encode(d);
        assertThat(wire).isEqualTo(bytes("\0\0\0\37", "y550 5.7.1 Backscatter refused\0"));
        assertThat(roundTrip(wire)).isEqualTo(d);
    }

    @Test
    void replyCodeEscapesPercentAndPostfixUnescapes() throws Exception {
        Decision d = Decision.reply(451, "4.7.1", "100% full, try 50%% later");
        byte[] wire = encode(d);
        assertThat(wire).isEqualTo(bytes("\0\0\0\50", "y451 4.7.1 100%% full, try 50%%%% later\0"));
        assertThat(roundTrip(wire)).isEqualTo(d);
    }

    @Test
    void multiLineReply() throws Exception {
        Decision d = new Decision.Reply(550, "5.7.1", List.of("first", "second"));
        byte[] wire = encode(d);
        assertThat(wire).isEqualTo(bytes("\0\0\0\43", "y550-5.7.1 first\r\n550 5.7.1 second\0"));
        assertThat(roundTrip(wire)).isEqualTo(d);
    }

    @Test
    void replyWithoutEnhancedStatus() throws Exception {
        Decision d = Decision.reply(421, "", "going away");
        assertThat(encode(d)).isEqualTo(bytes("\0\0\0\20", "y421 going away\0"));
        assertThat(roundTrip(encode(d))).isEqualTo(d);
    }

    @Test
    void badReplies() {
        assertThatThrownBy(() -> Decision.reply(250, "2.0.0", "ok")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.reply(550, "4.7.1", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.reply(550, "5.7.1", "a\r\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.reply(550, "5.7.1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerModifications() throws Exception {
        Modification add = new Modification.AddHeader("X-Backstop", "yes");
        assertThat(encode(add)).isEqualTo(bytes("\0\0\0\20", "hX-Backstop\0yes\0"));
        Modification chg = new Modification.ChangeHeader(2, "Subject", "");
        assertThat(encode(chg)).isEqualTo(bytes("\0\0\0\16", "m\0\0\0\2", "Subject\0\0"));
        Modification ins = new Modification.InsertHeader(0, "X-A", "b");
        assertThat(encode(ins)).isEqualTo(bytes("\0\0\0\13", "i\0\0\0\0", "X-A\0b\0"));
        for (Modification m : List.of(add, chg, ins)) {
            assertThat(roundTrip(encode(m))).isEqualTo(m);
        }
    }

    @Test
    void envelopeModifications() throws Exception {
        Modification from = new Modification.ChangeFrom("<prvs=1234567890=a@example.org>", "");
        assertThat(encode(from)).isEqualTo(bytes("\0\0\0\41", "e<prvs=1234567890=a@example.org>\0"));
        Modification fromArgs = new Modification.ChangeFrom("<a@b>", "SIZE=10");
        assertThat(encode(fromArgs)).isEqualTo(bytes("\0\0\0\17", "e<a@b>\0SIZE=10\0"));
        Modification add = new Modification.AddRecipient("<c@d>", "");
        assertThat(encode(add)).isEqualTo(bytes("\0\0\0\7", "+<c@d>\0"));
        Modification addPar = new Modification.AddRecipient("<c@d>", "NOTIFY=NEVER");
        assertThat(encode(addPar)).isEqualTo(bytes("\0\0\0\24", "2<c@d>\0NOTIFY=NEVER\0"));
        Modification del = new Modification.DeleteRecipient("<c@d>");
        assertThat(encode(del)).isEqualTo(bytes("\0\0\0\7", "-<c@d>\0"));
        for (Modification m : List.of(from, fromArgs, add, addPar, del)) {
            assertThat(roundTrip(encode(m))).isEqualTo(m);
        }
    }

    @Test
    void quarantineAndProgress() throws Exception {
        Modification q = Modification.quarantine("backscatter");
        assertThat(encode(q)).isEqualTo(bytes("\0\0\0\15", "qbackscatter\0"));
        assertThat(roundTrip(encode(q))).isEqualTo(q);
        PacketWriter w = new PacketWriter();
        ReplyEncoder.progress(w);
        assertThat(w.toByteArray()).isEqualTo(bytes("\0\0\0\1p"));
    }

    @Test
    void requiredActions() {
        assertThat(ReplyEncoder.requiredAction(Modification.addHeader("A", "b"))).isEqualTo(0x01);
        assertThat(ReplyEncoder.requiredAction(new Modification.ChangeHeader(1, "A", "b"))).isEqualTo(0x10);
        assertThat(ReplyEncoder.requiredAction(new Modification.AddRecipient("x", "A=B"))).isEqualTo(0x80);
        assertThat(ReplyEncoder.requiredAction(Modification.quarantine("r"))).isEqualTo(0x20);
        assertThat(ReplyEncoder.requiredAction(new Modification.ChangeFrom("x", ""))).isEqualTo(0x40);
    }

    @Test
    void optionNegotiationAnswerToPostfix() throws Exception {
        MilterConfig config = MilterConfig.builder()
                .macros(Map.of(MacroStage.CONNECT, List.of("j", "{daemon_name}"), MacroStage.ENVFROM, List.of("i")))
                .noReplyEvents(java.util.Set.of(MilterEvent.HEADER))
                .skipEvents(java.util.Set.of(MilterEvent.UNKNOWN))
                .build();
        OptionNegotiation n = OptionNegotiation.answer(config, 6, 0x1FF, 0x1FFFFF);
        // ADDHDRS|ADDRCPT|DELRCPT|CHGHDRS|QUARANTINE|CHGFROM|ADDRCPT_PAR|SETSYMLIST, never CHGBODY
        assertThat(n.actions()).isEqualTo(0x1FD);
        // SKIP | NR_HDR | NOUNKNOWN
        assertThat(n.protocol()).isEqualTo(0x400 | 0x80 | 0x100);
        PacketWriter w = new PacketWriter();
        ReplyEncoder.optionNegotiation(w, n);
        assertThat(w.toByteArray()).isEqualTo(bytes("\0\0\0\47", "O", "\0\0\0\6", "\0\0\1\375", "\0\0\5\200",
                "\0\0\0\0", "j {daemon_name}\0", "\0\0\0\2", "i\0"));
        byte[] wire = w.toByteArray();
        OptionNegotiation back = ReplyDecoder.optionNegotiation(wire[4], ByteBuffer.wrap(wire, 5, wire.length - 5));
        assertThat(back).isEqualTo(n);
    }

    @Test
    void optionNegotiationOnlyTakesWhatIsOffered() {
        OptionNegotiation n = OptionNegotiation.answer(MilterConfig.defaults(), 2, 0x01 | 0x02, 0x7F);
        assertThat(n.version()).isEqualTo(2);
        assertThat(n.actions()).isEqualTo(0x01);
        assertThat(n.protocol()).isZero();
        assertThat(n.macros()).isEmpty(); // no SETSYMLIST offered
    }
}
