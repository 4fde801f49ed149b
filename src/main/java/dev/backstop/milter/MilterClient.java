package dev.backstop.milter;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MTA side of the milter protocol, speaking as Postfix does: for tests, {@code backstop demo} and
 * benchmarks. Not thread-safe; one client is one MTA-to-filter connection.
 *
 * <pre>{@code
 * try (MilterClient c = MilterClient.connect(endpoint, Duration.ofSeconds(10))) {
 *     c.negotiate();
 *     c.connect(new ConnectionInfo("mx.example", Family.INET, 4711, "192.0.2.1"));
 *     c.mailFrom("a@example.org"); c.rcptTo("b@example.net");
 *     c.header("Subject", "hi"); c.endOfHeaders(); c.body("text\r\n".getBytes(US_ASCII));
 *     EndOfMessage eom = c.endOfMessage();
 * }
 * }</pre>
 *
 * Each event method returns the filter's decision, or {@link Decision#CONTINUE} without waiting when the filter
 * negotiated not to answer it or not to receive it.
 */
public final class MilterClient implements Closeable {
    /** Postfix sends body chunks of at most this size. */
    public static final int BODY_CHUNK = 65535;
    /** What Postfix 3.x offers with milter_protocol = 6. */
    public static final int POSTFIX_ACTIONS = Protocol.SMFIF_ALL;
    public static final int POSTFIX_PROTOCOL = Protocol.SMFIP_V6_ALL;

    private final SocketChannel channel;
    private final PacketReader reader;
    private final PacketWriter writer = new PacketWriter();
    private final ReadDeadlines.Deadline deadline;
    private OptionNegotiation negotiation = new OptionNegotiation(Protocol.VERSION, 0, 0, Map.of());
    private int progressCount;

    private MilterClient(SocketChannel channel, Duration timeout) {
        this.channel = channel;
        this.reader = new PacketReader(channel, 16 << 20);
        this.deadline = ReadDeadlines.of(channel, timeout);
    }

    /** Connects to a filter; {@code timeout} bounds each wait for a reply. */
    public static MilterClient connect(MilterEndpoint endpoint, Duration timeout) throws IOException {
        SocketChannel ch;
        if (endpoint instanceof MilterEndpoint.Unix) {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(endpoint.socketAddress());
        } else {
            ch = SocketChannel.open(endpoint.socketAddress());
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        return new MilterClient(ch, timeout);
    }

    /** Negotiates as Postfix 3.x does: version 6, every action, every protocol step. */
    public OptionNegotiation negotiate() throws IOException {
        return negotiate(Protocol.VERSION, POSTFIX_ACTIONS, POSTFIX_PROTOCOL);
    }

    public OptionNegotiation negotiate(int version, int actions, int protocol) throws IOException {
        CommandEncoder.optNeg(writer, version, actions, protocol);
        flush();
        read();
        negotiation = ReplyDecoder.optionNegotiation(reader.command(), reader.data());
        if (negotiation.version() > version || (negotiation.actions() & ~actions) != 0) {
            throw new MilterProtocolException("filter asked for more than offered: " + negotiation);
        }
        return negotiation;
    }

    public OptionNegotiation negotiation() {
        return negotiation;
    }

    /** SMFIR_PROGRESS packets received so far. */
    public int progressCount() {
        return progressCount;
    }

    /** Queues macros; they go out in the same write as the next event, as Postfix sends them. */
    public void macros(MacroStage stage, Map<String, String> values) {
        CommandEncoder.macros(writer, stage, new LinkedHashMap<>(values));
    }

    public Decision connect(ConnectionInfo info) throws IOException {
        if (skipped(MilterEvent.CONNECT)) {
            return Decision.CONTINUE;
        }
        CommandEncoder.connect(writer, info);
        return event(MilterEvent.CONNECT);
    }

    public Decision helo(String name) throws IOException {
        if (skipped(MilterEvent.HELO)) {
            return Decision.CONTINUE;
        }
        CommandEncoder.helo(writer, name);
        return event(MilterEvent.HELO);
    }

    /** MAIL FROM; the address is sent in angle brackets ({@code ""} is the null sender). */
    public Decision mailFrom(String sender, String... esmtpArgs) throws IOException {
        if (skipped(MilterEvent.MAIL)) {
            return Decision.CONTINUE;
        }
        CommandEncoder.args(writer, Protocol.SMFIC_MAIL, "<" + sender + ">", List.of(esmtpArgs));
        return event(MilterEvent.MAIL);
    }

    public Decision rcptTo(String recipient, String... esmtpArgs) throws IOException {
        if (skipped(MilterEvent.RCPT)) {
            return Decision.CONTINUE;
        }
        CommandEncoder.args(writer, Protocol.SMFIC_RCPT, "<" + recipient + ">", List.of(esmtpArgs));
        return event(MilterEvent.RCPT);
    }

    public Decision data() throws IOException {
        if (skipped(MilterEvent.DATA)) {
            return Decision.CONTINUE;
        }
        writer.packet(Protocol.SMFIC_DATA);
        return event(MilterEvent.DATA);
    }

    public Decision header(String name, String value) throws IOException {
        if (skipped(MilterEvent.HEADER)) {
            return Decision.CONTINUE;
        }
        CommandEncoder.header(writer, name, value);
        return event(MilterEvent.HEADER);
    }

    public Decision endOfHeaders() throws IOException {
        if (skipped(MilterEvent.END_OF_HEADERS)) {
            return Decision.CONTINUE;
        }
        writer.packet(Protocol.SMFIC_EOH);
        return event(MilterEvent.END_OF_HEADERS);
    }

    /**
     * Sends the body in chunks of at most {@link #BODY_CHUNK} bytes, stopping early on any decision other
     * than continue (which is returned; skip means the rest is not sent).
     */
    public Decision body(byte[] body) throws IOException {
        Decision d = Decision.CONTINUE;
        if (skipped(MilterEvent.BODY)) {
            return d;
        }
        for (int off = 0; off < body.length; off += BODY_CHUNK) {
            CommandEncoder.body(writer, ByteBuffer.wrap(body, off, Math.min(BODY_CHUNK, body.length - off)));
            d = event(MilterEvent.BODY);
            if (!(d instanceof Decision.Continue)) {
                break;
            }
        }
        return d;
    }

    /** End of message: reads modifications until the final decision. */
    public EndOfMessage endOfMessage() throws IOException {
        writer.packet(Protocol.SMFIC_BODYEOB);
        flush();
        List<Modification> mods = new ArrayList<>();
        while (true) {
            Object r = readReply();
            if (r instanceof Modification m) {
                mods.add(m);
            } else if (r instanceof Decision d) {
                return new EndOfMessage(mods, d instanceof Decision.Skip ? Decision.CONTINUE : d);
            }
        }
    }

    public Decision unknown(String command) throws IOException {
        if (skipped(MilterEvent.UNKNOWN)) {
            return Decision.CONTINUE;
        }
        CommandEncoder.unknown(writer, command);
        return event(MilterEvent.UNKNOWN);
    }

    /** Aborts the current message; no reply. */
    public void abort() throws IOException {
        writer.packet(Protocol.SMFIC_ABORT);
        flush();
    }

    /** Ends this SMTP session but keeps the filter connection for the next one (SMFIC_QUIT_NC). */
    public void quitNewConnection() throws IOException {
        writer.packet(Protocol.SMFIC_QUIT_NC);
        flush();
    }

    /** Sends QUIT and closes. */
    public void quit() throws IOException {
        writer.packet(Protocol.SMFIC_QUIT);
        flush();
        close();
    }

    @Override
    public void close() throws IOException {
        deadline.release();
        channel.close();
    }

    /** Postfix still sends the macros of an event the filter asked not to receive. */
    private boolean skipped(MilterEvent e) throws IOException {
        if (negotiation.skipped(e)) {
            flush();
            return true;
        }
        return false;
    }

    private Decision event(MilterEvent e) throws IOException {
        flush();
        if (negotiation.noReply(e)) {
            return Decision.CONTINUE;
        }
        while (true) {
            Object r = readReply();
            if (r instanceof Decision d) {
                return d;
            }
            throw new MilterProtocolException("modification " + r + " outside end of message");
        }
    }

    /** The next decision or modification, counting and skipping progress packets. */
    private Object readReply() throws IOException {
        while (true) {
            read();
            Object r = ReplyDecoder.decode(reader.command(), reader.data());
            if (r == ReplyDecoder.PROGRESS) {
                progressCount++;
            } else {
                return r;
            }
        }
    }

    private void read() throws IOException {
        deadline.arm();
        try {
            if (!reader.next()) {
                throw new java.io.EOFException("filter closed the connection");
            }
        } finally {
            deadline.disarm();
        }
    }

    private void flush() throws IOException {
        writer.flushTo(channel);
    }
}
