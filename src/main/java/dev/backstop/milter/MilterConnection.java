package dev.backstop.milter;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MTA connection: option negotiation, then commands in a loop, each answered with one flushed batch.
 * Any protocol violation or I/O failure ends this connection only, with one log line naming its id.
 */
final class MilterConnection implements Runnable, MilterContext {
    private static final Logger log = LoggerFactory.getLogger(MilterConnection.class);

    private final String id;
    private final SocketChannel channel;
    private final MilterConfig config;
    private final MilterHandler handler;
    private final PacketReader reader;
    private final PacketWriter writer = new PacketWriter();
    private final MacroTable macros = new MacroTable();
    private final ReadDeadlines.Deadline deadline;
    private final Runnable onClose;
    private OptionNegotiation negotiation;
    private MilterSession session;
    private boolean inCallback;
    private volatile boolean shuttingDown;

    MilterConnection(String id, SocketChannel channel, MilterConfig config, MilterHandler handler, Runnable onClose) {
        this.id = id;
        this.channel = channel;
        this.config = config;
        this.handler = handler;
        this.onClose = onClose;
        this.reader = new PacketReader(channel, config.maxPacketSize());
        this.deadline = ReadDeadlines.of(channel, config.readTimeout());
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (MilterProtocolException e) {
            log.warn("{}: protocol error, closing connection: {}", id, e.getMessage());
        } catch (EOFException e) {
            log.warn("{}: {}", id, e.getMessage());
        } catch (ClosedChannelException e) {
            if (deadline.expired()) {
                log.warn("{}: no command from the MTA within {}, closing connection", id, config.readTimeout());
            } else if (shuttingDown) {
                log.info("{}: closed by server shutdown", id);
            } else {
                log.warn("{}: connection closed", id);
            }
        } catch (IOException e) {
            log.warn("{}: I/O error, closing connection: {}", id, e.toString());
        } catch (RuntimeException | Error e) {
            log.error("{}: internal error, closing connection", id, e);
        } finally {
            deadline.release();
            closeSession();
            try {
                channel.close();
            } catch (IOException ignored) {
                // already closing
            }
            onClose.run();
        }
    }

    /** Closes the channel from another thread; the blocked reader ends the connection. */
    void shutdown() {
        shuttingDown = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    private boolean nextPacket() throws IOException {
        deadline.arm();
        try {
            return reader.next();
        } finally {
            deadline.disarm();
        }
    }

    private void serve() throws IOException {
        if (!nextPacket()) {
            log.debug("{}: closed before option negotiation", id);
            return;
        }
        Command first = CommandDecoder.decode(reader.command(), reader.data());
        if (!(first instanceof Command.OptNeg offer)) {
            throw new MilterProtocolException("expected OPTNEG first, got '" + (char) reader.command() + "'");
        }
        if (offer.version() < Protocol.MIN_VERSION) {
            throw new MilterProtocolException("MTA protocol version " + offer.version() + " is too old");
        }
        negotiation = OptionNegotiation.answer(config, offer.version(), offer.actions(), offer.protocol());
        ReplyEncoder.optionNegotiation(writer, negotiation);
        writer.flushTo(channel);
        log.debug("{}: negotiated version {} actions 0x{} protocol 0x{}", id, negotiation.version(),
                Integer.toHexString(negotiation.actions()), Integer.toHexString(negotiation.protocol()));
        while (nextPacket()) {
            if (!dispatch(CommandDecoder.decode(reader.command(), reader.data()))) {
                return;
            }
        }
        log.debug("{}: closed by the MTA", id);
    }

    /** @return false when the connection should end (QUIT) */
    private boolean dispatch(Command cmd) throws IOException {
        if (cmd instanceof Command.Macros m) {
            MacroStage stage = MacroStage.ofCommand(m.stage());
            if (stage != null) {
                macros.put(stage, m.values());
            }
            return true;
        }
        if (cmd instanceof Command.Connect c) {
            closeSession();
            openSession();
            reply(MilterEvent.CONNECT, call(() -> session.connect(c.info())));
            return true;
        }
        if (cmd instanceof Command.Quit) {
            closeSession();
            return false;
        }
        if (cmd instanceof Command.QuitNewConnection) {
            closeSession();
            macros.clear();
            return true;
        }
        if (cmd instanceof Command.OptNeg) {
            throw new MilterProtocolException("OPTNEG after negotiation");
        }
        if (cmd instanceof Command.Abort) {
            if (session != null) {
                callQuietly("abort", session::abort);
            }
            macros.clearMessage();
            return true;
        }
        if (session == null) {
            // The MTA skipped CONNECT (not negotiated by us, but tolerated): start the session now.
            openSession();
        }
        if (cmd instanceof Command.Helo h) {
            reply(MilterEvent.HELO, call(() -> session.helo(h.name())));
        } else if (cmd instanceof Command.Mail m) {
            List<String> args = m.args();
            reply(MilterEvent.MAIL, call(() -> session.envFrom(address(args.get(0)), args.subList(1, args.size()))));
        } else if (cmd instanceof Command.Rcpt r) {
            List<String> args = r.args();
            reply(MilterEvent.RCPT, call(() -> session.envRcpt(address(args.get(0)), args.subList(1, args.size()))));
        } else if (cmd instanceof Command.Data) {
            reply(MilterEvent.DATA, call(session::data));
        } else if (cmd instanceof Command.Header h) {
            reply(MilterEvent.HEADER, call(() -> session.header(h.name(), h.value())));
        } else if (cmd instanceof Command.EndOfHeaders) {
            reply(MilterEvent.END_OF_HEADERS, call(session::endOfHeaders));
        } else if (cmd instanceof Command.Body b) {
            ByteBuffer chunk = b.chunk().asReadOnlyBuffer();
            reply(MilterEvent.BODY, call(() -> session.body(chunk)));
        } else if (cmd instanceof Command.EndOfBody e) {
            endOfMessage(e.chunk());
        } else if (cmd instanceof Command.Unknown u) {
            reply(MilterEvent.UNKNOWN, call(() -> session.unknown(u.command())));
        } else {
            throw new MilterProtocolException("unexpected command " + cmd);
        }
        return true;
    }

    private void endOfMessage(ByteBuffer lastChunk) throws IOException {
        if (lastChunk.hasRemaining()) {
            ByteBuffer chunk = lastChunk.asReadOnlyBuffer();
            call(() -> session.body(chunk));
        }
        EndOfMessage eom;
        inCallback = true;
        try {
            eom = session.endOfMessage();
            if (eom == null) {
                throw new NullPointerException("endOfMessage returned null");
            }
        } catch (RuntimeException e) {
            log.error("{}: session failed at end of message, answering {}", id, config.failureDecision(), e);
            eom = EndOfMessage.of(config.failureDecision());
        } finally {
            inCallback = false;
        }
        for (Modification m : eom.modifications()) {
            if (negotiation.hasAction(ReplyEncoder.requiredAction(m))) {
                ReplyEncoder.modification(writer, m);
            } else {
                log.warn("{}: MTA did not grant the action for {}, dropped", id, m.getClass().getSimpleName());
            }
        }
        ReplyEncoder.decision(writer, eom.decision());
        writer.flushTo(channel);
        macros.clearMessage();
    }

    private void reply(MilterEvent event, Decision d) throws IOException {
        if (negotiation.noReply(event)) {
            if (!(d instanceof Decision.Continue)) {
                log.debug("{}: {} answered {} but the MTA expects no reply; ignored", id, event, d);
            }
            return;
        }
        if (d instanceof Decision.Skip && !negotiation.hasProtocol(Protocol.SMFIP_SKIP)) {
            d = Decision.CONTINUE;
        }
        ReplyEncoder.decision(writer, d);
        writer.flushTo(channel);
    }

    private Decision call(Supplier<Decision> callback) {
        inCallback = true;
        try {
            Decision d = callback.get();
            if (d == null) {
                throw new NullPointerException("session returned a null decision");
            }
            return d;
        } catch (RuntimeException e) {
            log.error("{}: session failed, answering {}", id, config.failureDecision(), e);
            return config.failureDecision();
        } finally {
            inCallback = false;
        }
    }

    private void callQuietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("{}: session failed in {}", id, what, e);
        }
    }

    private void openSession() {
        try {
            session = handler.open(this);
            if (session == null) {
                throw new NullPointerException("handler returned no session");
            }
        } catch (RuntimeException e) {
            log.error("{}: handler could not open a session, answering {}", id, config.failureDecision(), e);
            session = new FailedSession(config.failureDecision());
        }
    }

    private void closeSession() {
        if (session != null) {
            MilterSession s = session;
            session = null;
            callQuietly("close", s::close);
        }
    }

    /** Strips the angle brackets Postfix sends around envelope addresses; {@code <>} becomes empty. */
    static String address(String arg) {
        if (arg.length() >= 2 && arg.charAt(0) == '<' && arg.charAt(arg.length() - 1) == '>') {
            return arg.substring(1, arg.length() - 1);
        }
        return arg;
    }

    @Override
    public String connectionId() {
        return id;
    }

    @Override
    public Optional<String> macro(String name) {
        return macros.get(name);
    }

    @Override
    public Map<String, String> macros() {
        return macros.all();
    }

    @Override
    public void progress() throws IOException {
        if (!inCallback) {
            throw new IllegalStateException("progress() outside a session callback");
        }
        PacketWriter w = new PacketWriter();
        ReplyEncoder.progress(w);
        w.flushTo(channel);
    }

    /** Stands in when the handler fails to open a session, answering every event with the failure decision. */
    private record FailedSession(Decision decision) implements MilterSession {
        @Override
        public Decision connect(ConnectionInfo info) {
            return decision;
        }

        @Override
        public Decision helo(String name) {
            return decision;
        }

        @Override
        public Decision envFrom(String sender, List<String> esmtpArgs) {
            return decision;
        }

        @Override
        public Decision envRcpt(String recipient, List<String> esmtpArgs) {
            return decision;
        }

        @Override
        public EndOfMessage endOfMessage() {
            return EndOfMessage.of(decision);
        }
    }
}
