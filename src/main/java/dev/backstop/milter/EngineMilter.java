package dev.backstop.milter;

import dev.backstop.engine.Action;
import dev.backstop.engine.Change;
import dev.backstop.engine.Client;
import dev.backstop.engine.Engine;
import dev.backstop.engine.MailSession;
import dev.backstop.engine.Outcome;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The milter transport of the engine: turns milter callbacks into engine calls and the engine's actions into
 * milter replies. No judgement lives here.
 */
public final class EngineMilter implements MilterHandler {
    /**
     * The events whose answer is always "continue": asking the MTA not to wait for a reply to them saves a round
     * trip per header and body chunk. Only RCPT (BATV) and the end of the message decide anything.
     */
    public static final java.util.Set<MilterEvent> NO_REPLY_EVENTS = java.util.EnumSet.of(MilterEvent.CONNECT,
            MilterEvent.HELO, MilterEvent.MAIL, MilterEvent.DATA, MilterEvent.HEADER, MilterEvent.END_OF_HEADERS,
            MilterEvent.BODY, MilterEvent.UNKNOWN);

    /**
     * The macros the engine reads, and for every other stage one cheap macro: a stage without a list of ours
     * would get Postfix's default list, which costs the MTA work on every message.
     */
    public static final java.util.Map<MacroStage, java.util.List<String>> MACROS = macros();

    private static java.util.Map<MacroStage, java.util.List<String>> macros() {
        java.util.EnumMap<MacroStage, java.util.List<String>> m = new java.util.EnumMap<>(MacroStage.class);
        for (MacroStage s : MacroStage.values()) {
            m.put(s, java.util.List.of("i"));
        }
        m.put(MacroStage.CONNECT, java.util.List.of("{daemon_name}"));
        m.put(MacroStage.ENVFROM, java.util.List.of("i", "{auth_authen}"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The events the engine has no use for: the MTA is asked not to send them at all. */
    public static final java.util.Set<MilterEvent> SKIPPED_EVENTS = java.util.EnumSet.of(MilterEvent.HELO,
            MilterEvent.DATA, MilterEvent.END_OF_HEADERS, MilterEvent.UNKNOWN);

    private final Engine engine;
    private final java.util.function.LongConsumer endOfMessageNanos;

    public EngineMilter(Engine engine) {
        this(engine, nanos -> { });
    }

    /** With a timing hook: told how long the engine took to decide on each message (for the metrics). */
    public EngineMilter(Engine engine, java.util.function.LongConsumer endOfMessageNanos) {
        this.engine = engine;
        this.endOfMessageNanos = endOfMessageNanos;
    }

    @Override
    public MilterSession open(MilterContext context) {
        return new Session(context);
    }

    private final class Session implements MilterSession {
        private final MilterContext context;
        private MailSession mail;

        Session(MilterContext context) {
            this.context = context;
        }

        private MailSession mail() {
            if (mail == null) { // the MTA may skip CONNECT
                mail = engine.open(new Client("", "unknown", macro("daemon_name")));
            }
            return mail;
        }

        private String macro(String name) {
            return context.macro(name).orElse("");
        }

        @Override
        public Decision connect(ConnectionInfo info) {
            String address = info.family() == ConnectionInfo.Family.UNIX ? "" : info.address();
            mail = engine.open(new Client(address, info.hostname(), macro("daemon_name")));
            return Decision.CONTINUE;
        }

        @Override
        public Decision envFrom(String sender, List<String> esmtpArgs) {
            return decision(mail().mailFrom(sender, macro("auth_authen")));
        }

        @Override
        public Decision envRcpt(String recipient, List<String> esmtpArgs) {
            return decision(mail().rcptTo(recipient));
        }

        @Override
        public Decision header(String name, String value) {
            mail().header(name, value);
            return Decision.CONTINUE;
        }

        @Override
        public Decision body(ByteBuffer chunk) {
            mail().body(chunk);
            return Decision.CONTINUE;
        }

        @Override
        public EndOfMessage endOfMessage() {
            long start = System.nanoTime();
            Outcome o = mail().endOfMessage(macro("i"));
            endOfMessageNanos.accept(System.nanoTime() - start);
            List<Modification> mods = new ArrayList<>();
            for (Change c : o.changes()) {
                mods.add(modification(c));
            }
            Decision d;
            if (o.action() instanceof Action.Hold hold) {
                mods.add(new Modification.Quarantine(hold.reason()));
                d = Decision.CONTINUE;
            } else {
                d = decision(o.action());
            }
            return new EndOfMessage(mods, d);
        }

        @Override
        public void abort() {
            mail().abort();
        }
    }

    static Modification modification(Change c) {
        if (c instanceof Change.AddHeader a) {
            return new Modification.AddHeader(a.name(), a.value());
        } else if (c instanceof Change.DeleteHeader d) {
            return new Modification.ChangeHeader(d.index(), d.name(), "");
        } else if (c instanceof Change.ChangeSender s) {
            return new Modification.ChangeFrom("<" + s.sender() + ">", "");
        } else if (c instanceof Change.AddRecipient r) {
            return new Modification.AddRecipient("<" + r.recipient() + ">", "");
        } else if (c instanceof Change.DeleteRecipient r) {
            return new Modification.DeleteRecipient("<" + r.recipient() + ">");
        }
        throw new IllegalArgumentException("unknown change " + c);
    }

    static Decision decision(Action a) {
        if (a instanceof Action.Continue) {
            return Decision.CONTINUE;
        } else if (a instanceof Action.Accept) {
            return Decision.ACCEPT;
        } else if (a instanceof Action.Discard) {
            return Decision.DISCARD;
        } else if (a instanceof Action.Refuse r) {
            return new Decision.Reply(r.code(), r.status(), r.text());
        } else if (a instanceof Action.Hold) {
            // Holding is an end-of-message modification; earlier it can only mean "go on".
            return Decision.CONTINUE;
        }
        throw new IllegalArgumentException("unknown action " + a);
    }
}
