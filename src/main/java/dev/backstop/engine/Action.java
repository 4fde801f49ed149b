package dev.backstop.engine;

import java.util.List;

/**
 * What the engine answers to one step of a mail transaction, independent of the wire protocol that carries it.
 * The milter and policy adapters turn these into their own replies at one boundary each.
 */
public sealed interface Action {
    Action CONTINUE = new Continue();
    Action ACCEPT = new Accept();
    Action DISCARD = new Discard();

    /** Go on with the transaction. */
    record Continue() implements Action {}

    /** Accept the message (or, before MAIL FROM, the connection) without asking further. */
    record Accept() implements Action {}

    /** Accept the message and drop it: only after it was stored where it can be released, or on a rule the admin set. */
    record Discard() implements Action {}

    /** Put the message into the MTA's hold queue (Postfix: {@code postqueue -j} shows it in "hold"). */
    record Hold(String reason) implements Action {}

    /**
     * Refuse with our own reply.
     *
     * @param code   4xx (try again later) or 5xx (permanent)
     * @param status enhanced status code with the same class digit, e.g. {@code 5.7.1}
     * @param text   one or more lines of text
     */
    record Refuse(int code, String status, List<String> text) implements Action {
        public Refuse {
            text = List.copyOf(text);
        }

        public boolean temporary() {
            return code < 500;
        }
    }

    static Action reject(String status, String text) {
        return new Refuse(550, status, List.of(text));
    }

    static Action tempfail(String status, String text) {
        return new Refuse(451, status, List.of(text));
    }
}
