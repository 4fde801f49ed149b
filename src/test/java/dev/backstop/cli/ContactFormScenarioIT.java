package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.backstop.config.BackstopConfig;
import dev.backstop.incident.Incident;
import dev.backstop.testing.PrivatePostfix;
import dev.backstop.testing.QueueEntry;
import dev.backstop.testing.ReceivedMessage;
import dev.backstop.testing.SmtpSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 4's story, for real: a PHP contact form on a private Postfix sends 20,000 phishing mails through
 * {@code sendmail} as fast as it can, to random recipients at an SMTP sink that rejects 90% of them with
 * {@code 550 5.1.1}; meanwhile an ordinary local sender mails once a second. Backstop (milter + mail log) must
 * contain the form within seconds, alert once by mail and webhook, hold nothing of the ordinary sender, and
 * {@code incidents release}/{@code purge} must work on the held mail. The message count can be lowered for a
 * quick local run with {@code -Dbackstop.scenario.messages=2000}.
 */
class ContactFormScenarioIT {
    private static final int MESSAGES = Integer.getInteger("backstop.scenario.messages", 20_000);
    private static final String SCRIPT = "33:/var/www/shop/contact.php";
    private static final String ADMIN = "admin@ops.example.net";
    private static final Pattern VICTIM = Pattern.compile("u(\\d+)@victim\\d+\\.example");

    @TempDir
    Path dir;

    private static boolean accepted(int n) {
        return n % 10 == 0; // the sink knows one recipient in ten
    }

    private static byte[] formMessage(int n) {
        return ("From: Shop <noreply@shop.example>\nTo: u" + n + "@victim" + (n % 50) + ".example\n"
                + "Subject: Your account has been suspended\nX-PHP-Originating-Script: " + SCRIPT + "\n\n"
                + "Dear customer " + n + ", verify your account at http://phish.example/" + Integer.toHexString(n * 7919)
                + " within 24 hours.\n").replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private int cli(Path config, StringWriter out, String... args) {
        CommandLine c = Backstop.commandLine();
        StringWriter err = new StringWriter();
        c.setOut(new PrintWriter(out));
        c.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--config";
        full[args.length + 1] = config.toString();
        int rc = c.execute(full);
        assertThat(rc).as("backstop %s: %s%s", String.join(" ", args), out, err).isZero();
        return rc;
    }

    @Test
    void aHijackedContactFormIsContainedWithinSecondsWithOneAlert() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/postfix")), "Debian's postfix is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "a private Postfix needs root");

        List<String> webhook = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            webhook.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        try (SmtpSink sink = SmtpSink.start().rcptRule(r -> {
                 Matcher m = VICTIM.matcher(r);
                 return m.matches() && !accepted(Integer.parseInt(m.group(1))) ? "550 5.1.1 <" + r + ">: user unknown" : null;
             });
             PrivatePostfix postfix = PrivatePostfix.builder().relayTo(sink.port()).build()) {
            Path config = dir.resolve("backstop.yml");
            Files.writeString(config, String.join("\n",
                    "data_dir: " + dir.resolve("data"),
                    "milter:",
                    "  listen: inet:127.0.0.1:0",
                    "web:",
                    "  listen: 127.0.0.1:0",
                    "outbound:",
                    "  networks: [127.0.0.1/32]",
                    "  admin_email: " + ADMIN,
                    "  webhook_url: http://127.0.0.1:" + hook.getAddress().getPort() + "/hook",
                    "mta:",
                    "  config_dir: " + postfix.configDir(),
                    "  log_file: " + postfix.maillogFile(),
                    ""));
            try (Daemon backstop = Daemon.start(BackstopConfig.load(config), Clock.systemUTC())) {
                String milter = "inet:127.0.0.1:" + BackscatterPostfixIT.port(backstop);
                postfix.setParam("smtpd_milters", milter);
                postfix.setParam("non_smtpd_milters", milter);
                postfix.start();

                // the ordinary local sender: one message a second to a fixed correspondent
                AtomicBoolean blasting = new AtomicBoolean(true);
                AtomicInteger ordinarySent = new AtomicInteger();
                Thread ordinary = new Thread(() -> {
                    while (blasting.get()) {
                        int n = ordinarySent.incrementAndGet();
                        postfix.sendmail("bob@example.com", List.of("carol@partner.example"), ("From: bob@example.com\r\n"
                                + "To: carol@partner.example\r\nSubject: minutes " + n + "\r\n\r\nSee you tomorrow.\r\n")
                                .getBytes(StandardCharsets.US_ASCII)).orThrow();
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "ordinary-sender");

                // the contact form: as fast as sendmail goes, from four PHP workers
                Instant first = Instant.now();
                ordinary.start();
                ExecutorService php = Executors.newFixedThreadPool(4);
                AtomicInteger next = new AtomicInteger();
                for (int w = 0; w < 4; w++) {
                    php.execute(() -> {
                        for (int n = next.getAndIncrement(); n < MESSAGES; n = next.getAndIncrement()) {
                            postfix.sendmail("noreply@shop.example", List.of("u" + n + "@victim" + (n % 50) + ".example"),
                                    formMessage(n)).orThrow();
                        }
                    });
                }
                php.shutdown();
                assertThat(php.awaitTermination(15, TimeUnit.MINUTES)).isTrue();
                Instant submitted = Instant.now();
                blasting.set(false);
                ordinary.join();

                // wait until Postfix has taken in everything: every form message is held or went to the sink
                List<QueueEntry> queue = postfix.awaitQueue(q -> q.stream().filter(QueueEntry::held).count()
                        + formAttempts(sink) >= MESSAGES, Duration.ofMinutes(10));
                long held = queue.stream().filter(QueueEntry::held).count();
                Instant settled = Instant.now();

                List<Incident> incidents = backstop.containment.incidents(false);
                assertThat(incidents).singleElement().satisfies(i -> assertThat(i.source()).isEqualTo("script " + SCRIPT));
                Incident incident = incidents.get(0);
                Duration toContain = Duration.between(first, incident.opened());
                int reached = formAttempts(sink);

                // one alert per incident: one "opened" by mail and by webhook, at most one escalation each
                sink.awaitMessage(m -> m.recipients().contains(ADMIN), Duration.ofSeconds(30));
                Thread.sleep(2000);
                List<ReceivedMessage> mails = sink.messages().stream().filter(m -> m.recipients().contains(ADMIN)).toList();
                long mailOpened = mails.stream().filter(m -> m.header("Subject").orElse("").contains(" opened")).count();
                long hookOpened = webhook.stream().filter(b -> b.contains("\"kind\":\"opened\"")).count();
                long hookEscalated = webhook.stream().filter(b -> b.contains("\"kind\":\"escalated\"")).count();

                // the ordinary sender: nothing held, everything delivered
                int ordinaryCount = ordinarySent.get();
                long ordinaryHeld = queue.stream().filter(q -> q.held() && q.sender().equals("bob@example.com")).count();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (ordinaryDelivered(sink) < ordinaryCount && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }

                System.out.printf("SCENARIO messages=%d submitted_in=%.1fs settled_in=%.1fs contained_after=%.2fs "
                                + "incident_messages_at_open=%d form_reached_sink=%d held=%d alerts_mail=%d(opened %d) "
                                + "alerts_webhook=%d(opened %d, escalated %d) ordinary_sent=%d ordinary_held=%d "
                                + "ordinary_delivered=%d%n", MESSAGES, Duration.between(first, submitted).toMillis() / 1000.0,
                        Duration.between(first, settled).toMillis() / 1000.0, toContain.toMillis() / 1000.0,
                        incident.initialCount(), reached, held, mails.size(), mailOpened, webhook.size(), hookOpened,
                        hookEscalated, ordinaryCount, ordinaryHeld, ordinaryDelivered(sink));

                assertThat(reached).as("form messages that reached the sink").isLessThanOrEqualTo(50);
                assertThat(toContain).as("first message to incident").isLessThanOrEqualTo(Duration.ofSeconds(5));
                assertThat(mailOpened).isEqualTo(1);
                assertThat(mails.size()).isBetween(1, 2);
                assertThat(hookOpened).isEqualTo(1);
                assertThat(hookEscalated).isLessThanOrEqualTo(1);
                assertThat(ordinaryHeld).isZero();
                assertThat(ordinaryDelivered(sink)).isEqualTo(ordinaryCount);

                // a release delivers: one held message whose recipient the sink knows
                String releasable = queue.stream().filter(QueueEntry::held)
                        .filter(q -> q.recipients().stream().anyMatch(r -> {
                            Matcher m = VICTIM.matcher(r.address());
                            return m.matches() && accepted(Integer.parseInt(m.group(1)));
                        })).findFirst().orElseThrow().queueId();
                String releasedRcpt = queue.stream().filter(q -> q.queueId().equals(releasable)).findFirst().orElseThrow()
                        .recipients().get(0).address();
                cli(config, new StringWriter(), "incidents", "release", Long.toString(incident.id()), releasable);
                sink.awaitMessage(m -> m.recipients().contains(releasedRcpt), Duration.ofSeconds(60));

                // purge empties the hold queue
                StringWriter purged = new StringWriter();
                cli(config, purged, "incidents", "purge", Long.toString(incident.id()));
                assertThat(postfix.queue().stream().filter(QueueEntry::held)).isEmpty();
                System.out.printf("SCENARIO released=%s purge=\"%s\"%n", releasable, purged.toString().strip());
                assertThat(backstop.store.audit().recent(10)).anySatisfy(a -> assertThat(a.action()).isEqualTo("incident.purge"));
            }
        } finally {
            hook.stop(0);
        }
    }

    /** Form recipients the sink was offered: accepted messages plus refused recipients. */
    private static int formAttempts(SmtpSink sink) {
        int n = 0;
        for (ReceivedMessage m : sink.messages()) {
            n += (int) m.recipients().stream().filter(r -> VICTIM.matcher(r).matches()).count();
        }
        n += (int) sink.refusedRecipients().stream().filter(r -> VICTIM.matcher(r.split(" ", 2)[0]).matches()).count();
        return n;
    }

    private static long ordinaryDelivered(SmtpSink sink) {
        return sink.messages().stream().filter(m -> m.recipients().contains("carol@partner.example")).count();
    }
}
