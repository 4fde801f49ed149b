package dev.backstop.milter;

import static dev.backstop.milter.Bytes.bytes;
import static dev.backstop.milter.Bytes.concat;
import static dev.backstop.milter.Bytes.packet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every command Postfix sends, as bytes on the wire, and the malformed cases. */
class CommandDecoderTest {

    private static Command decode(char command, String data) throws Exception {
        return CommandDecoder.decode((byte) command, ByteBuffer.wrap(data.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static PacketReader reader(byte[] wire, int max) {
        return new PacketReader(Channels.newChannel(new ByteArrayInputStream(wire)), max);
    }

    @Test
    void optionNegotiationAsPostfixSendsIt() throws Exception {
        assertThat(decode('O', "\0\0\0\6" + "\0\0\1\377" + "\0\37\377\377"))
                .isEqualTo(new Command.OptNeg(6, 0x1FF, 0x1FFFFF));
    }

    @Test
    void macros() throws Exception {
        Command c = decode('D', "C" + "j\0mail.example.org\0" + "{daemon_name}\0smtpd\0" + "_\0\0");
        assertThat(c).isInstanceOf(Command.Macros.class);
        Command.Macros m = (Command.Macros) c;
        assertThat((char) m.stage()).isEqualTo('C');
        assertThat(m.values()).containsExactly(Map.entry("j", "mail.example.org"), Map.entry("{daemon_name}", "smtpd"),
                Map.entry("_", ""));
        assertThat(((Command.Macros) decode('D', "M")).values()).isEmpty();
    }

    @Test
    void connectForEachFamily() throws Exception {
        assertThat(decode('C', "mx.example.net\0" + "4" + "\u0012\u0067" + "192.0.2.1\0"))
                .isEqualTo(new Command.Connect(new ConnectionInfo("mx.example.net", ConnectionInfo.Family.INET, 4711, "192.0.2.1")));
        assertThat(decode('C', "[2001:db8::1]\0" + "6" + "\0\31" + "2001:db8::1\0"))
                .isEqualTo(new Command.Connect(new ConnectionInfo("[2001:db8::1]", ConnectionInfo.Family.INET6, 25, "2001:db8::1")));
        assertThat(decode('C', "localhost\0" + "L" + "\0\0" + "/var/run/x\0"))
                .isEqualTo(new Command.Connect(new ConnectionInfo("localhost", ConnectionInfo.Family.UNIX, 0, "/var/run/x")));
        assertThat(decode('C', "unknown\0" + "U"))
                .isEqualTo(new Command.Connect(new ConnectionInfo("unknown", ConnectionInfo.Family.UNKNOWN, 0, "")));
    }

    @Test
    void envelopeAndContent() throws Exception {
        assertThat(decode('H', "client.example\0")).isEqualTo(new Command.Helo("client.example"));
        assertThat(decode('M', "<a@example.org>\0SIZE=1234\0BODY=8BITMIME\0"))
                .isEqualTo(new Command.Mail(List.of("<a@example.org>", "SIZE=1234", "BODY=8BITMIME")));
        assertThat(decode('M', "<>\0")).isEqualTo(new Command.Mail(List.of("<>")));
        assertThat(decode('R', "<b@example.net>\0")).isEqualTo(new Command.Rcpt(List.of("<b@example.net>")));
        assertThat(decode('T', "")).isEqualTo(Command.DATA);
        assertThat(decode('L', "Subject\0Gr\u00c3\u00bc\u00c3\u009fe\0"))
                .isEqualTo(new Command.Header("Subject", "Gr\u00fc\u00dfe")); // UTF-8 on the wire
        assertThat(decode('N', "")).isEqualTo(Command.END_OF_HEADERS);
        Command body = decode('B', "line 1\r\nline 2\r\n");
        assertThat(body).isInstanceOf(Command.Body.class);
        assertThat(StandardCharsets.US_ASCII.decode(((Command.Body) body).chunk()).toString()).isEqualTo("line 1\r\nline 2\r\n");
        assertThat(((Command.EndOfBody) decode('E', "")).chunk().remaining()).isZero();
        assertThat(decode('U', "XYZZY arg\0")).isEqualTo(new Command.Unknown("XYZZY arg"));
    }

    @Test
    void sessionControl() throws Exception {
        assertThat(decode('A', "")).isEqualTo(Command.ABORT);
        assertThat(decode('Q', "")).isEqualTo(Command.QUIT);
        assertThat(decode('K', "")).isEqualTo(Command.QUIT_NC);
    }

    @Test
    void malformedCommands() {
        assertThatThrownBy(() -> decode('Z', "")).isInstanceOf(MilterProtocolException.class).hasMessageContaining("unknown command");
        assertThatThrownBy(() -> decode('O', "\0\0\0\6")).isInstanceOf(MilterProtocolException.class);
        assertThatThrownBy(() -> decode('D', "")).isInstanceOf(MilterProtocolException.class);
        assertThatThrownBy(() -> decode('D', "Cj\0")).isInstanceOf(MilterProtocolException.class).hasMessageContaining("without value");
        assertThatThrownBy(() -> decode('C', "host")).isInstanceOf(MilterProtocolException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> decode('C', "host\0")).isInstanceOf(MilterProtocolException.class);
        assertThatThrownBy(() -> decode('C', "host\0X")).isInstanceOf(MilterProtocolException.class).hasMessageContaining("family");
        assertThatThrownBy(() -> decode('C', "host\0" + "4\0")).isInstanceOf(MilterProtocolException.class);
        assertThatThrownBy(() -> decode('M', "")).isInstanceOf(MilterProtocolException.class);
        assertThatThrownBy(() -> decode('R', "<a@b>")).isInstanceOf(MilterProtocolException.class);
        assertThatThrownBy(() -> decode('L', "Subject\0no end")).isInstanceOf(MilterProtocolException.class);
        assertThatThrownBy(() -> decode('H', "")).isInstanceOf(MilterProtocolException.class);
    }

    @Test
    void readerFramesConsecutivePackets() throws Exception {
        PacketReader r = reader(concat(packet('D', "Cj\0x\0"), packet('C', "h\0U"), packet('Q', "")), 1 << 16);
        assertThat(r.next()).isTrue();
        assertThat((char) r.command()).isEqualTo('D');
        assertThat(r.data().remaining()).isEqualTo(5);
        assertThat(r.next()).isTrue();
        assertThat((char) r.command()).isEqualTo('C');
        assertThat(r.next()).isTrue();
        assertThat((char) r.command()).isEqualTo('Q');
        assertThat(r.data().remaining()).isZero();
        assertThat(r.next()).isFalse();
    }

    @Test
    void readerHandlesMaximumBodyChunk() throws Exception {
        String chunk = "x".repeat(65535);
        PacketReader r = reader(concat(packet('B', chunk), packet('B', chunk)), 65536);
        assertThat(r.next()).isTrue();
        assertThat(r.data().remaining()).isEqualTo(65535);
        assertThat(r.next()).isTrue();
        assertThat(r.data().remaining()).isEqualTo(65535);
        assertThat(r.next()).isFalse();
    }

    @Test
    void readerRejectsBadLengthsBeforeAllocating() {
        assertThatThrownBy(() -> reader(bytes("\177\377\377\377", "B"), 1 << 18).next())
                .isInstanceOf(MilterProtocolException.class).hasMessageContaining("2147483647");
        assertThatThrownBy(() -> reader(bytes("\377\377\377\377", "B"), 1 << 18).next())
                .isInstanceOf(MilterProtocolException.class).hasMessageContaining("4294967295");
        assertThatThrownBy(() -> reader(bytes("\0\0\0\0"), 1 << 18).next()).isInstanceOf(MilterProtocolException.class);
        assertThatThrownBy(() -> reader(bytes("\0\4\0\1", "B"), 1 << 18).next())
                .isInstanceOf(MilterProtocolException.class).hasMessageContaining("limit 262144");
    }

    @Test
    void readerReportsCutPackets() {
        assertThatThrownBy(() -> reader(bytes("\0\0"), 1 << 16).next()).isInstanceOf(EOFException.class)
                .hasMessageContaining("header");
        assertThatThrownBy(() -> reader(bytes("\0\0\0\20", "Lsubj"), 1 << 16).next()).isInstanceOf(EOFException.class)
                .hasMessageContaining("inside a packet");
    }
}
