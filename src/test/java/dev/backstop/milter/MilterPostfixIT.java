package dev.backstop.milter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real Postfix talking to our milter: a private instance (own config and queue under a temp dir, loopback
 * ports only) with {@code smtpd_milters} pointing at a {@link MilterServer} whose session adds a header; one
 * message sent by SMTP is relayed to an SMTP sink inside the test, which must see the header. Needs root and
 * Debian's postfix package (skipped otherwise). Kept self-contained so it can move to the shared fixture.
 */
class MilterPostfixIT {
    private Path base;
    private Path config;
    private MilterServer milter;
    private SmtpSink sink;

    @AfterEach
    void tearDown() throws Exception {
        if (config != null) {
            run(List.of("postfix", "-c", config.toString(), "stop"), false);
            Path pid = base.resolve("spool/pid/master.pid");
            for (int i = 0; i < 100 && Files.exists(pid); i++) {
                Thread.sleep(100);
            }
        }
        if (milter != null) {
            milter.close();
        }
        if (sink != null) {
            sink.close();
        }
        if (base != null) {
            try (Stream<Path> s = Files.walk(base)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void postfixAppliesTheHeaderOurMilterAdds() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a private Postfix");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/postfix")), "postfix is not installed");

        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        milter = MilterServer.start(MilterConfig.builder().endpoint("inet:127.0.0.1:0").build(), ctx -> new MilterSession() {
            @Override
            public Decision envFrom(String sender, List<String> args) {
                seen.add("from " + sender + " daemon=" + ctx.macro("daemon_name").orElse("-"));
                return Decision.CONTINUE;
            }

            @Override
            public EndOfMessage endOfMessage() {
                String queueId = ctx.macro("i").orElse("none");
                seen.add("eom " + queueId);
                return EndOfMessage.of(Decision.ACCEPT, Modification.addHeader("X-Backstop-Test", "seen " + queueId));
            }
        });
        sink = new SmtpSink();
        int smtpdPort = freePort();
        startPostfix(smtpdPort, sink.port(), milter.endpoint().toString());

        sendMessage(smtpdPort);
        String delivered = sink.messages.poll(60, TimeUnit.SECONDS);
        assertThat(delivered).as("message relayed to the sink; Postfix log:\n%s", postfixLog()).isNotNull();
        assertThat(seen).anyMatch(s -> s.startsWith("from sender@example.org daemon="));
        String eom = seen.stream().filter(s -> s.startsWith("eom ")).findFirst().orElseThrow();
        String queueId = eom.substring(4);
        assertThat(queueId).matches("[0-9A-Za-z]+");
        assertThat(delivered).contains("X-Backstop-Test: seen " + queueId);
        assertThat(delivered).contains("Subject: milter test");
    }

    private void startPostfix(int smtpdPort, int sinkPort, String milterSpec) throws Exception {
        base = Files.createTempDirectory("backstop-milter-pf");
        // Postfix daemons run as the postfix user and must reach the spool below this directory.
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        config = Files.createDirectories(base.resolve("etc"));
        Files.createDirectories(base.resolve("spool"));
        Files.createDirectories(base.resolve("data"));
        Path master = Path.of("/etc/postfix/master.cf.proto");
        Files.copy(Files.exists(master) ? master : Path.of("/etc/postfix/master.cf"), config.resolve("master.cf"));
        Files.writeString(config.resolve("main.cf"), "");
        postconf("-e",
                "compatibility_level = 3.6",
                "queue_directory = " + base.resolve("spool"),
                "data_directory = " + base.resolve("data"),
                "command_directory = /usr/sbin",
                "daemon_directory = /usr/lib/postfix/sbin",
                "meta_directory = /etc/postfix",
                "shlib_directory = /usr/lib/postfix",
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "myhostname = milter-it.localdomain",
                "mydomain = localdomain",
                "mydestination =",
                "relay_domains =",
                "local_recipient_maps =",
                "alias_maps =",
                "alias_database =",
                "inet_interfaces = loopback-only",
                "inet_protocols = ipv4",
                "mynetworks = 127.0.0.0/8",
                "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
                "relayhost = [127.0.0.1]:" + sinkPort,
                "smtp_dns_support_level = disabled",
                "smtputf8_enable = no",
                "biff = no",
                "maillog_file = " + base.resolve("postfix.log"),
                "maillog_file_prefixes = " + base,
                "smtpd_milters = " + milterSpec,
                "non_smtpd_milters = " + milterSpec,
                "milter_protocol = 6",
                "milter_default_action = tempfail");
        postconf("-F", "*/*/chroot = n");
        postconf("-MX", "smtp/inet");
        postconf("-M", "127.0.0.1:" + smtpdPort + "/inet = 127.0.0.1:" + smtpdPort + " inet n - n - - smtpd");
        postconf("-M", "postlog/unix-dgram = postlog unix-dgram n - n - 1 postlogd");
        run(List.of("postfix", "-c", config.toString(), "set-permissions"), true);
        run(List.of("postfix", "-c", config.toString(), "start"), true);
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), smtpdPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("postfix did not listen on " + smtpdPort + "; log:\n" + postfixLog());
    }

    private void postconf(String flag, String... settings) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("postconf", "-c", config.toString(), flag));
        cmd.addAll(List.of(settings));
        run(cmd, true);
    }

    private static void run(List<String> cmd, boolean mustSucceed) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        if (mustSucceed && p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " exited " + p.exitValue() + ": " + out);
        }
    }

    private String postfixLog() {
        try {
            Path log = base.resolve("postfix.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sendMessage(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO client.example", "250");
            command(out, in, "MAIL FROM:<sender@example.org>", "250");
            command(out, in, "RCPT TO:<user@example.com>", "250");
            command(out, in, "DATA", "354");
            command(out, in, "From: sender@example.org\r\nTo: user@example.com\r\nSubject: milter test\r\n\r\nHello.\r\n.", "250");
            command(out, in, "QUIT", "221");
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, String code) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, code);
    }

    /** Reads a possibly multi-line reply and checks its code. */
    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null || !line.startsWith(code)) {
                throw new IOException("expected " + code + ", got " + line);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
    }

    /** A minimal SMTP server that records each message's data. */
    private static final class SmtpSink implements AutoCloseable {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final ServerSocket server;
        private final Thread thread;

        SmtpSink() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "smtp-sink");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(30_000);
                    session(s);
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }

        private void session(Socket s) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            send(out, "220 sink ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO", "HELO" -> send(out, "250 sink");
                    case "DATA" -> {
                        send(out, "354 go");
                        StringBuilder msg = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            msg.append(line).append("\r\n");
                        }
                        messages.add(msg.toString());
                        send(out, "250 queued");
                    }
                    case "QUIT" -> {
                        send(out, "221 bye");
                        return;
                    }
                    default -> send(out, "250 ok");
                }
            }
        }

        private static void send(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
