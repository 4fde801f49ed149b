package dev.backstop.milter;

import java.util.concurrent.CountDownLatch;

/**
 * The protocol floor for benchmarks: Backstop's milter server with the daemon's negotiation (no-reply and
 * skipped events, macro lists) but a session that only reads the envelope and headers and answers "continue".
 * Run beside Postfix ({@code bench/milter-vs-peers.sh} with {@code BACKSTOP_CMD}), it measures what the MTA's
 * milter client and the transport cost without the engine and the store.
 *
 * <p>{@code java -cp target/backstop.jar:target/test-classes dev.backstop.milter.NullMilterMain [endpoint]}
 */
public final class NullMilterMain {
    private NullMilterMain() {}

    public static void main(String[] args) throws Exception {
        String endpoint = args.length > 0 ? args[0] : "inet:127.0.0.1:8830";
        MilterConfig config = MilterConfig.builder().endpoint(endpoint).noReplyEvents(EngineMilter.NO_REPLY_EVENTS)
                .skipEvents(EngineMilter.SKIPPED_EVENTS).macros(EngineMilter.MACROS).build();
        try (MilterServer server = MilterServer.start(config, context -> new MilterSession() {
            @Override
            public EndOfMessage endOfMessage() {
                return EndOfMessage.of(Decision.CONTINUE);
            }
        })) {
            new CountDownLatch(1).await();
        }
    }
}
