package dev.backstop.milter;

import static dev.backstop.milter.Bytes.bytes;
import static dev.backstop.milter.Bytes.concat;
import static dev.backstop.milter.Bytes.packet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on real sockets (127.0.0.1 port 0 and a unix socket), driven by {@link MilterClient}. */
class MilterServerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ConnectionInfo CLIENT = new ConnectionInfo("mx.example.net", ConnectionInfo.Family.INET, 4711, "192.0.2.1");

    private final List<MilterServer> servers = new ArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(MilterServer::close);
    }

    /** A session that records each callback with the macros it saw and answers from a script. */
    private final class Recording implements MilterSession {
        final MilterContext ctx;
        final Function<String, Decision> script;
        final EndOfMessage eom;
        final BodyBuffer body = new BodyBuffer(1 << 20);

        Recording(MilterContext ctx, Function<String, Decision> script, EndOfMessage eom) {
            this.ctx = ctx;
            this.script = script;
            this.eom = eom;
        }

        private Decision on(String event) {
            events.add(event);
            return script.apply(event);
        }

        @Override
        public Decision connect(ConnectionInfo info) {
            return on("connect " + info.hostname() + " " + info.address() + ":" + info.port() + " j=" + ctx.macro("j").orElse("-"));
        }

        @Override
        public Decision helo(String name) {
            return on("helo " + name);
        }

        @Override
        public Decision envFrom(String sender, List<String> args) {
            body.reset();
            return on("mail " + sender + " " + args + " auth=" + ctx.macro("{auth_authen}").orElse("-") + " i=" + ctx.macro("i").orElse("-"));
        }

        @Override
        public Decision envRcpt(String recipient, List<String> args) {
            return on("rcpt " + recipient);
        }

        @Override
        public Decision data() {
            return on("data");
        }

        @Override
        public Decision header(String name, String value) {
            return on("header " + name + ": " + value);
        }

        @Override
        public Decision endOfHeaders() {
            return on("eoh");
        }

        @Override
        public Decision body(ByteBuffer chunk) {
            body.append(chunk);
            return on("body " + chunk.remaining());
        }

        @Override
        public EndOfMessage endOfMessage() {
            events.add("eom " + body.size() + " bytes, i=" + ctx.macro("i").orElse("-"));
            return eom;
        }

        @Override
        public void abort() {
            events.add("abort");
        }

        @Override
        public Decision unknown(String command) {
            return on("unknown " + command);
        }

        @Override
        public void close() {
            events.add("close");
        }
    }

    private MilterServer start(MilterConfig.Builder config, Function<String, Decision> script, EndOfMessage eom) throws IOException {
        MilterServer s = MilterServer.start(config.build(), ctx -> new Recording(ctx, script, eom));
        servers.add(s);
        return s;
    }

    private MilterServer start(Function<String, Decision> script, EndOfMessage eom) throws IOException {
        return start(MilterConfig.builder().endpoint("inet:127.0.0.1:0"), script, eom);
    }

    private static final EndOfMessage EVERY_MODIFICATION = new EndOfMessage(List.of(
            Modification.addHeader("X-Backstop-Verdict", "genuine"),
            new Modification.ChangeHeader(1, "Subject", "[checked] hello"),
            new Modification.InsertHeader(0, "X-First", "top"),
            new Modification.ChangeFrom("<prvs=1234567890=a@example.org>", ""),
            new Modification.AddRecipient("<copy@example.org>", ""),
            new Modification.AddRecipient("<dsn@example.org>", "NOTIFY=NEVER"),
            new Modification.DeleteRecipient("<b@example.net>"),
            Modification.quarantine("backscatter suspect")), Decision.ACCEPT);

    /** Postfix's order of one message, with its macros. */
    private static EndOfMessage wholeMessage(MilterClient c) throws IOException {
        c.macros(MacroStage.CONNECT, Map.of("j", "mail.example.org", "{daemon_name}", "smtpd"));
        assertThat(c.connect(CLIENT)).isEqualTo(Decision.CONTINUE);
        assertThat(c.helo("client.example")).isEqualTo(Decision.CONTINUE);
        c.macros(MacroStage.ENVFROM, Map.of("i", "4AbCdE", "{auth_authen}", "alice"));
        assertThat(c.mailFrom("a@example.org", "SIZE=100")).isEqualTo(Decision.CONTINUE);
        assertThat(c.rcptTo("b@example.net")).isEqualTo(Decision.CONTINUE);
        assertThat(c.data()).isEqualTo(Decision.CONTINUE);
        assertThat(c.header("Subject", "hello")).isEqualTo(Decision.CONTINUE);
        assertThat(c.endOfHeaders()).isEqualTo(Decision.CONTINUE);
        assertThat(c.body("Hello, world.\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(Decision.CONTINUE);
        c.macros(MacroStage.EOM, Map.of("i", "4AbCdE"));
        return c.endOfMessage();
    }

    @Test
    void wholeMessageOverTcpWithEveryModification() throws Exception {
        MilterServer server = start(e -> Decision.CONTINUE, EVERY_MODIFICATION);
        try (MilterClient c = MilterClient.connect(server.endpoint(), TIMEOUT)) {
            OptionNegotiation n = c.negotiate();
            assertThat(n.version()).isEqualTo(6);
            assertThat(n.macros().get(MacroStage.ENVFROM)).contains("{auth_authen}");
            EndOfMessage eom = wholeMessage(c);
            assertThat(eom).isEqualTo(EVERY_MODIFICATION);
            c.quit();
        }
        awaitEvent("close");
        assertThat(events).containsExactly(
                "connect mx.example.net 192.0.2.1:4711 j=mail.example.org",
                "helo client.example",
                "mail a@example.org [SIZE=100] auth=alice i=4AbCdE",
                "rcpt b@example.net",
                "data",
                "header Subject: hello",
                "eoh",
                "body 15",
                "eom 15 bytes, i=4AbCdE",
                "close");
    }

    @Test
    void wholeMessageOverUnixSocket(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("milter.sock");
        MilterServer server = start(MilterConfig.builder().endpoint("unix:" + sock), e -> Decision.CONTINUE,
                EndOfMessage.of(Decision.ACCEPT, Modification.addHeader("X-Backstop", "unix")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-rw-rw-");
        try (MilterClient c = MilterClient.connect(server.endpoint(), TIMEOUT)) {
            c.negotiate();
            assertThat(wholeMessage(c).modifications()).containsExactly(Modification.addHeader("X-Backstop", "unix"));
        }
        server.close();
        assertThat(sock).doesNotExist();
    }

    @Test
    void staleUnixSocketIsReplacedButALiveOneOrAFileIsNot(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("m.sock");
        MilterServer first = start(MilterConfig.builder().endpoint("unix:" + sock), e -> Decision.CONTINUE, EndOfMessage.CONTINUE);
        assertThatThrownBy(() -> start(MilterConfig.builder().endpoint("unix:" + sock), e -> Decision.CONTINUE, EndOfMessage.CONTINUE))
                .hasMessageContaining("in use");
        Path file = dir.resolve("plain");
        Files.writeString(file, "keep me");
        assertThatThrownBy(() -> start(MilterConfig.builder().endpoint("unix:" + file), e -> Decision.CONTINUE, EndOfMessage.CONTINUE))
                .hasMessageContaining("not a socket");
        assertThat(Files.readString(file)).isEqualTo("keep me");
        first.close();
    }

    @Test
    void eachDecisionReachesTheMta() throws Exception {
        Map<String, Decision> byEvent = Map.of(
                "rcpt reject@x", Decision.REJECT,
                "rcpt tempfail@x", Decision.TEMPFAIL,
                "rcpt reply@x", Decision.reply(550, "5.7.1", "Backscatter: no such message", "sent from here"),
                "rcpt accept@x", Decision.ACCEPT,
                "rcpt discard@x", Decision.DISCARD,
                "unknown XYZZY", Decision.reply(500, "5.5.1", "what?"));
        MilterServer server = start(e -> byEvent.getOrDefault(e, e.startsWith("body") ? Decision.SKIP : Decision.CONTINUE),
                EndOfMessage.of(Decision.reply(451, "4.7.1", "try 100% later")));
        try (MilterClient c = MilterClient.connect(server.endpoint(), TIMEOUT)) {
            c.negotiate();
            c.connect(CLIENT);
            c.mailFrom("");
            for (Map.Entry<String, Decision> e : byEvent.entrySet()) {
                if (e.getKey().startsWith("rcpt ")) {
                    assertThat(c.rcptTo(e.getKey().substring(5))).isEqualTo(e.getValue());
                }
            }
            assertThat(c.unknown("XYZZY")).isEqualTo(byEvent.get("unknown XYZZY"));
            // SKIP was offered by the client (as Postfix does), so it reaches it; the rest of the body is not sent
            assertThat(c.body(new byte[200_000])).isEqualTo(Decision.SKIP);
            EndOfMessage eom = c.endOfMessage();
            assertThat(eom.decision()).isEqualTo(Decision.reply(451, "4.7.1", "try 100% later"));
        }
        assertThat(events).containsOnlyOnce("body 65535");
    }

    @Test
    void skipBecomesContinueWhenTheMtaDidNotOfferIt() throws Exception {
        MilterServer server = start(e -> e.startsWith("body") ? Decision.SKIP : Decision.CONTINUE, EndOfMessage.CONTINUE);
        try (MilterClient c = MilterClient.connect(server.endpoint(), TIMEOUT)) {
            c.negotiate(6, MilterClient.POSTFIX_ACTIONS, MilterClient.POSTFIX_PROTOCOL & ~Protocol.SMFIP_SKIP);
            c.connect(CLIENT);
            c.mailFrom("a@b");
            assertThat(c.body(new byte[100])).isEqualTo(Decision.CONTINUE);
        }
    }

    @Test
    void modificationsTheMtaDidNotGrantAreDropped() throws Exception {
        MilterServer server = start(e -> Decision.CONTINUE, EVERY_MODIFICATION);
        try (MilterClient c = MilterClient.connect(server.endpoint(), TIMEOUT)) {
            c.negotiate(6, Protocol.SMFIF_ADDHDRS, MilterClient.POSTFIX_PROTOCOL);
            EndOfMessage eom = wholeMessage(c);
            assertThat(eom.modifications()).containsExactly(Modification.addHeader("X-Backstop-Verdict", "genuine"),
                    new Modification.InsertHeader(0, "X-First", "top"));
            assertThat(eom.decision()).isEqualTo(Decision.ACCEPT);
        }
    }

    @Test
    void abortThenSecondMessageAndQuitNewConnection() throws Exception {
        MilterServer server = start(e -> Decision.CONTINUE, EndOfMessage.CONTINUE);
        try (MilterClient c = MilterClient.connect(server.endpoint(), TIMEOUT)) {
            c.negotiate();
            c.connect(CLIENT);
            c.macros(MacroStage.ENVFROM, Map.of("i", "FIRST"));
            c.mailFrom("a@b");
            c.abort();
            c.mailFrom("c@d");
            assertThat(c.endOfMessage().decision()).isEqualTo(Decision.CONTINUE);
            c.quitNewConnection();
            c.macros(MacroStage.CONNECT, Map.of("j", "second"));
            c.connect(new ConnectionInfo("other", ConnectionInfo.Family.UNIX, 0, "/run/x"));
            c.quit();
        }
        awaitEvent("close", 2);
        assertThat(events).containsExactly(
                "connect mx.example.net 192.0.2.1:4711 j=-",
                "mail a@b [] auth=- i=FIRST",
                "abort",
                "mail c@d [] auth=- i=-",
                "eom 0 bytes, i=-",
                "close",
                "connect other /run/x:0 j=second",
                "close");
    }

    @Test
    void progressDuringASlowDecision() throws Exception {
        MilterServer server = MilterServer.start(MilterConfig.builder().endpoint("inet:127.0.0.1:0").build(), ctx -> () -> {
            try {
                ctx.progress();
                ctx.progress();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return EndOfMessage.of(Decision.ACCEPT);
        });
        servers.add(server);
        try (MilterClient c = MilterClient.connect(server.endpoint(), TIMEOUT)) {
            c.negotiate();
            c.connect(CLIENT);
            assertThat(c.endOfMessage().decision()).isEqualTo(Decision.ACCEPT);
            assertThat(c.progressCount()).isEqualTo(2);
        }
    }

    @Test
    void failingSessionTempfailsAndServerGoesOn() throws Exception {
        MilterServer server = start(e -> {
            if (e.startsWith("rcpt boom")) {
                throw new IllegalStateException("engine bug");
            }
            return Decision.CONTINUE;
        }, EndOfMessage.CONTINUE);
        try (MilterClient c = MilterClient.connect(server.endpoint(), TIMEOUT)) {
            c.negotiate();
            c.connect(CLIENT);
            c.mailFrom("a@b");
            assertThat(c.rcptTo("boom@x")).isEqualTo(Decision.TEMPFAIL);
            assertThat(c.rcptTo("fine@x")).isEqualTo(Decision.CONTINUE);
        }
        MilterServer broken = MilterServer.start(MilterConfig.builder().endpoint("inet:127.0.0.1:0").build(), ctx -> {
            throw new IllegalStateException("cannot open");
        });
        servers.add(broken);
        try (MilterClient c = MilterClient.connect(broken.endpoint(), TIMEOUT)) {
            c.negotiate();
            assertThat(c.connect(CLIENT)).isEqualTo(Decision.TEMPFAIL);
        }
    }

    @Test
    void noReplyHeadersAndSkippedEvents() throws Exception {
        MilterServer server = start(MilterConfig.builder().endpoint("inet:127.0.0.1:0")
                        .noReplyEvents(Set.of(MilterEvent.HEADER)).skipEvents(Set.of(MilterEvent.HELO)),
                e -> e.startsWith("header") ? Decision.REJECT : Decision.CONTINUE, EndOfMessage.of(Decision.ACCEPT));
        try (MilterClient c = MilterClient.connect(server.endpoint(), TIMEOUT)) {
            OptionNegotiation n = c.negotiate();
            assertThat(n.noReply(MilterEvent.HEADER)).isTrue();
            assertThat(n.skipped(MilterEvent.HELO)).isTrue();
            c.connect(CLIENT);
            c.helo("not sent");
            c.mailFrom("a@b");
            for (int i = 0; i < 50; i++) {
                assertThat(c.header("X-H" + i, "v")).isEqualTo(Decision.CONTINUE);
            }
            // the reply stream stays in sync: the next answer is end of message's
            assertThat(c.endOfMessage().decision()).isEqualTo(Decision.ACCEPT);
        }
        assertThat(events).filteredOn(e -> e.startsWith("header")).hasSize(50);
        assertThat(events).noneMatch(e -> e.startsWith("helo"));
    }

    @Test
    void twoHundredConcurrentConnections() throws Exception {
        int n = 200;
        MilterServer server = start(e -> Decision.CONTINUE, EndOfMessage.of(Decision.ACCEPT, Modification.addHeader("X-N", "1")));
        CyclicBarrier allConnected = new CyclicBarrier(n + 1);
        AtomicInteger peak = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<EndOfMessage>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    try (MilterClient c = MilterClient.connect(server.endpoint(), Duration.ofSeconds(60))) {
                        c.negotiate();
                        c.connect(CLIENT);
                        allConnected.await(60, TimeUnit.SECONDS);
                        allConnected.await(60, TimeUnit.SECONDS);
                        EndOfMessage eom = wholeMessageAfterConnect(c);
                        c.quit();
                        return eom;
                    }
                }));
            }
            allConnected.await(60, TimeUnit.SECONDS);
            peak.set(server.activeConnections());
            allConnected.await(60, TimeUnit.SECONDS);
            for (Future<EndOfMessage> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS).modifications()).containsExactly(Modification.addHeader("X-N", "1"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(peak.get()).isEqualTo(n);
    }

    private static EndOfMessage wholeMessageAfterConnect(MilterClient c) throws IOException {
        c.helo("h");
        c.mailFrom("a@b");
        c.rcptTo("c@d");
        c.data();
        c.header("Subject", "s");
        c.endOfHeaders();
        c.body(new byte[3000]);
        return c.endOfMessage();
    }

    @Test
    void connectionsBeyondTheLimitWaitForAFreeSlot() throws Exception {
        MilterServer server = start(MilterConfig.builder().endpoint("inet:127.0.0.1:0").maxConnections(2),
                e -> Decision.CONTINUE, EndOfMessage.CONTINUE);
        MilterClient a = MilterClient.connect(server.endpoint(), TIMEOUT);
        MilterClient b = MilterClient.connect(server.endpoint(), TIMEOUT);
        a.negotiate();
        b.negotiate();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (MilterClient third = MilterClient.connect(server.endpoint(), TIMEOUT)) {
            Future<OptionNegotiation> waiting = pool.submit(() -> third.negotiate());
            Thread.sleep(300);
            assertThat(waiting).isNotDone();
            a.quit();
            assertThat(waiting.get(5, TimeUnit.SECONDS).version()).isEqualTo(6);
        } finally {
            b.close();
            pool.shutdownNow();
        }
    }

    // --- bad input: each closes its own connection only, and the server keeps serving ---

    private void assertClosedByServer(MilterServer server, byte[] sent) throws Exception {
        InetSocketAddress addr = (InetSocketAddress) server.endpoint().socketAddress();
        try (Socket s = new Socket(addr.getAddress(), addr.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(sent);
            s.getOutputStream().flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] reply = in.readAllBytes(); // ends when the server closes
            // nothing, or exactly our OPTNEG answer and no other packet
            if (reply.length > 0) {
                assertThat(reply[4]).isEqualTo((byte) 'O');
                assertThat(reply.length).isEqualTo(4 + ByteBuffer.wrap(reply).getInt());
            }
        }
        try (MilterClient c = MilterClient.connect(server.endpoint(), TIMEOUT)) {
            c.negotiate();
            assertThat(c.connect(CLIENT)).isEqualTo(Decision.CONTINUE);
        }
    }

    private static final byte[] OPTNEG = packet('O', "\0\0\0\6" + "\0\0\1\377" + "\0\37\377\377");

    @Test
    void badInputClosesOnlyThatConnection() throws Exception {
        MilterServer server = start(e -> Decision.CONTINUE, EndOfMessage.CONTINUE);
        assertClosedByServer(server, concat(OPTNEG, bytes("\177\377\377\377", "B"))); // 2 GB length
        assertClosedByServer(server, concat(OPTNEG, bytes("\0\0\0\0")));            // zero length
        assertClosedByServer(server, concat(OPTNEG, bytes("\0\20\0\0", "B")));       // above 256 KiB
        assertClosedByServer(server, concat(OPTNEG, packet('Z', "")));               // unknown command
        assertClosedByServer(server, concat(OPTNEG, bytes("\0\0\0\100", "Lsubj")));  // cut mid-packet
        assertClosedByServer(server, concat(OPTNEG, bytes("\0\0")));                  // cut mid-header
        assertClosedByServer(server, concat(OPTNEG, packet('C', "host\0X")));        // bad family
        assertClosedByServer(server, packet('C', "host\0U"));                        // no OPTNEG first
        assertClosedByServer(server, concat(OPTNEG, OPTNEG));                         // OPTNEG twice
        assertClosedByServer(server, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(server.activeConnections()).isLessThanOrEqualTo(1);
    }

    @Test
    void silentMtaTimesOut() throws Exception {
        MilterServer server = start(MilterConfig.builder().endpoint("inet:127.0.0.1:0").readTimeout(Duration.ofMillis(300)),
                e -> Decision.CONTINUE, EndOfMessage.CONTINUE);
        InetSocketAddress addr = (InetSocketAddress) server.endpoint().socketAddress();
        try (Socket s = new Socket(addr.getAddress(), addr.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(OPTNEG);
            long t0 = System.nanoTime();
            byte[] got = s.getInputStream().readAllBytes();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(got[4]).isEqualTo((byte) 'O');
            assertThat(ms).isBetween(200L, 3000L);
        }
    }

    @Test
    void shutdownLetsSessionsFinishBrieflyThenCloses() throws Exception {
        MilterServer server = start(MilterConfig.builder().endpoint("inet:127.0.0.1:0").shutdownGrace(Duration.ofMillis(300)),
                e -> Decision.CONTINUE, EndOfMessage.CONTINUE);
        MilterClient idle = MilterClient.connect(server.endpoint(), TIMEOUT);
        idle.negotiate();
        idle.connect(CLIENT);
        long t0 = System.nanoTime();
        server.close();
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(250L, 4000L);
        assertThat(server.activeConnections()).isZero();
        assertThatThrownBy(() -> idle.helo("late")).isInstanceOf(IOException.class);
        assertThat(events).contains("close");
        assertThatThrownBy(() -> MilterClient.connect(server.endpoint(), TIMEOUT)).isInstanceOf(IOException.class);
    }

    private void awaitEvent(String event) throws InterruptedException {
        awaitEvent(event, 1);
    }

    private void awaitEvent(String event, int count) throws InterruptedException {
        long until = System.nanoTime() + TIMEOUT.toNanos();
        while (Collections.frequency(events, event) < count && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }
}
