package dev.backstop.demo;

import dev.backstop.milter.ConnectionInfo;
import dev.backstop.milter.Decision;
import dev.backstop.milter.EndOfMessage;
import dev.backstop.milter.MacroStage;
import dev.backstop.milter.MilterClient;
import dev.backstop.milter.MilterEndpoint;
import dev.backstop.milter.Modification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Plays the two admins' story against a running daemon, through its milter port as Postfix would: our users
 * send mail; a wave of backscatter arrives with a few genuine bounces of that mail among it; then a hijacked
 * PHP contact form starts mailing the world while another user goes on as usual. Each message's fate is what
 * the daemon decided; {@link DemoMta} carries it out. The story is fixed (seeded), its verdicts are not.
 */
public final class DemoStory {
    /** What became of a message. */
    public enum Fate {
        /** Let through: the demo MTA delivers it. */
        DELIVERED,
        /** Quarantined by the milter into the MTA's hold queue (contained outbound mail). */
        HELD,
        /** Taken into Backstop's own quarantine (the MTA was told to discard its copy). */
        QUARANTINED,
        /** Refused with an SMTP reply, at RCPT or at end of message. */
        REFUSED
    }

    public static final String OUR_MAIL = "our users' mail";
    public static final String GENUINE = "genuine bounces";
    public static final String BACKSCATTER = "backscatter";
    public static final String FORM = "hijacked contact form";
    public static final String BYSTANDER = "another user meanwhile";
    /** The script the story's spam bot abuses, as PHP names it in X-PHP-Originating-Script. */
    public static final String FORM_SCRIPT = "/var/www/shop.example/contact.php";
    static final int FORM_UID = 33;
    static final int FORM_MESSAGES = 60;
    static final int WAVES = 3;
    static final int BACKSCATTER_PER_WAVE = 30;

    private static final String[] USERS = {"alice", "bob", "carol"};
    private static final String[] SPAM_SUBJECTS = {"Cheap meds online", "You have won!!!", "Re: your invoice",
        "Hot singles near you", "Crypto profits guaranteed"};

    private final MilterEndpoint milter;
    private final DemoMta mta;
    private final Clock clock;
    private final Duration pace;
    private final Consumer<String> say;
    private final Random random = new Random(20261127L);
    private final Map<String, Map<Fate, Integer>> tally = new LinkedHashMap<>();

    /**
     * @param pace a pause between messages, so a watcher sees the dashboard move (zero in tests)
     * @param say  where the story tells what it does, a line at a time
     */
    public DemoStory(MilterEndpoint milter, DemoMta mta, Clock clock, Duration pace, Consumer<String> say) {
        this.milter = milter;
        this.mta = mta;
        this.clock = clock;
        this.pace = pace;
        this.say = say;
    }

    /** One of our messages as it left: what its bounce will quote. */
    private record Sent(String envelopeSender, String from, String to, String subject, String messageId,
                        ZonedDateTime time) {}

    /**
     * Plays the whole story and returns how many messages of each chapter met each fate.
     *
     * @throws IOException when the daemon's milter cannot be reached or breaks the protocol
     */
    public Map<String, Map<Fate, Integer>> run() throws IOException, InterruptedException {
        List<Sent> sent = ourMail();
        backscatterWaves(sent);
        contactForm();
        return tally();
    }

    /** The counts so far, per chapter and fate. */
    public synchronized Map<String, Map<Fate, Integer>> tally() {
        Map<String, Map<Fate, Integer>> copy = new LinkedHashMap<>();
        tally.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        return copy;
    }

    private List<Sent> ourMail() throws IOException, InterruptedException {
        say.accept("1/3 our users send 12 messages to their correspondents (locally submitted, BATV-signed)");
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String user = USERS[i % USERS.length];
            String from = user + "@" + DemoZone.DOMAIN;
            String to = "kim" + i + "@partner-" + (i % 4) + ".example";
            String subject = "Order " + (4711 + i) + ": delivery date";
            String messageId = "<order-" + (4711 + i) + "." + Long.toHexString(random.nextLong() >>> 1) + "@"
                    + DemoZone.DOMAIN + ">";
            ZonedDateTime t = now();
            String qid = mta.newQueueId();
            Result r = send(DemoMessage.outgoing(1001 + i % USERS.length, from, to, subject, messageId, t, qid, null,
                    "Hello,\r\n\r\nyour order ships on Monday.\r\n"), qid);
            count(OUR_MAIL, r.fate);
            sent.add(new Sent(r.envelopeSender, from, to, subject, messageId, t));
        }
        return sent;
    }

    private void backscatterWaves(List<Sent> sent) throws IOException, InterruptedException {
        say.accept("2/3 " + WAVES + " waves of backscatter (" + WAVES * BACKSCATTER_PER_WAVE + " bounces, "
                + WAVES * 2 + " auto-replies, " + WAVES + " bounces quoting nothing and " + WAVES
                + " to forged BATV tags, all for mail we never sent), with " + WAVES * (BACKSCATTER_PER_WAVE / 10 + 1)
                + " genuine bounces of our mail among them");
        int genuine = 0;
        for (int wave = 0; wave < WAVES; wave++) {
            for (int j = 0; j < BACKSCATTER_PER_WAVE; j++) {
                deliverBackscatter(wave, j);
                if (j % 10 == 4) { // a genuine bounce of our own mail, addressed to its BATV-signed sender
                    Sent s = sent.get(genuine++ % sent.size());
                    count(GENUINE, send(genuineBounce(s, s.envelopeSender), null).fate);
                }
            }
            // a genuine bounce from a server that answers the unsigned address: only the quoted Message-ID tells
            Sent s = sent.get(genuine++ % sent.size());
            count(GENUINE, send(genuineBounce(s, s.from), null).fate);
            // a bounce to a forged BATV tag: refused at RCPT
            String victim = USERS[wave % USERS.length] + "@" + DemoZone.DOMAIN;
            count(BACKSCATTER, send(DemoMessage.dsn("mx.faraway-" + wave + ".example", "192.0.2." + (200 + wave),
                    "prvs=0" + (100 + wave) + "abcdef=" + victim, victim, "nobody@faraway-" + wave + ".example", "5.1.1",
                    "550 5.1.1 User unknown", forgedQuoted(victim, wave), now(), id()), null).fate);
            // out-of-office replies to a spam run in our name, and a bounce that quotes nothing
            for (int k = 0; k < 2; k++) {
                String host = "mail.corp-" + wave + k + ".example";
                count(BACKSCATTER, send(DemoMessage.autoReply("Pat Doe <pat@corp-" + wave + k + ".example>", host,
                        "192.0.2." + (150 + wave * 2 + k), victim, "<" + id() + "@" + DemoZone.DOMAIN + ">", now(),
                        id()), null).fate);
            }
            count(BACKSCATTER, send(DemoMessage.bareBounce("mx.oldhost-" + wave + ".example", "192.0.2." + (120 + wave),
                    victim, "info@oldhost-" + wave + ".example", now(), id()), null).fate);
        }
    }

    private void deliverBackscatter(int wave, int j) throws IOException, InterruptedException {
        String victim = USERS[random.nextInt(USERS.length)] + "@" + DemoZone.DOMAIN;
        int n = wave * BACKSCATTER_PER_WAVE + j;
        String reporter = "mx" + (n % 7) + ".victim-" + (n % 13) + ".example";
        String failed = "user" + random.nextInt(10_000) + "@victim-" + (n % 13) + ".example";
        count(BACKSCATTER, send(DemoMessage.dsn(reporter, "192.0.2." + (10 + n % 90), victim, victim, failed, "5.1.1",
                "550 5.1.1 <" + failed + ">: Recipient address rejected: User unknown",
                forgedQuoted(victim, n), now(), id()), null).fate);
    }

    /** The headers of spam a botnet sent in our user's name: it entered the bouncing server from a bot. */
    private String forgedQuoted(String victim, int n) {
        ZonedDateTime t = now().minusMinutes(3);
        String bot = "198.51.100." + (1 + random.nextInt(250));
        String to = "user" + random.nextInt(10_000) + "@victim-" + (n % 13) + ".example";
        return DemoMessage.quoted(List.of("from " + DemoZone.DOMAIN + " (unknown [" + bot + "])\r\n\tby mx.victim-"
                        + (n % 13) + ".example (Postfix) with ESMTP id " + id() + "; " + DemoMessage.date(t)),
                victim, to, SPAM_SUBJECTS[random.nextInt(SPAM_SUBJECTS.length)],
                "<" + id() + "@" + DemoZone.DOMAIN + ">", t);
    }

    private DemoMessage genuineBounce(Sent s, String envelopeTo) {
        String reporter = "mx." + s.to.substring(s.to.indexOf('@') + 1);
        String quoted = DemoMessage.quoted(List.of("from " + DemoZone.RELAY_HOST + " (" + DemoZone.RELAY_HOST + " ["
                        + DemoZone.RELAY_IP + "])\r\n\tby " + reporter + " (Postfix) with ESMTPS id " + id() + "; "
                        + DemoMessage.date(s.time)), s.from, s.to, s.subject, s.messageId, s.time);
        return DemoMessage.dsn(reporter, "192.0.2.250", envelopeTo, s.from, s.to, "5.1.1",
                "550 5.1.1 <" + s.to + ">: Recipient address rejected: User unknown in virtual mailbox table",
                quoted, now(), id());
    }

    private void contactForm() throws IOException, InterruptedException {
        say.accept("3/3 a spam bot finds the contact form " + FORM_SCRIPT + " and sends " + FORM_MESSAGES
                + " phishing mails; bob goes on mailing as usual");
        for (int i = 0; i < FORM_MESSAGES; i++) {
            String to = "customer" + random.nextInt(100_000) + "@mailbox-" + (i % 40) + ".example";
            String qid = mta.newQueueId();
            count(FORM, send(DemoMessage.outgoing(FORM_UID, "www-data@" + DemoZone.DOMAIN, to,
                    "Action required: confirm your account", "<" + id() + "@" + DemoZone.DOMAIN + ">", now(), qid,
                    FORM_SCRIPT, "Dear customer,\r\n\r\nyour account is locked. Confirm your details: "
                            + "http://bank-login.example/confirm\r\n"), qid).fate);
            if (i % 15 == 7) {
                String bq = mta.newQueueId();
                count(BYSTANDER, send(DemoMessage.outgoing(1002, "bob@" + DemoZone.DOMAIN, "kim@partner-1.example",
                        "Lunch on Friday?", "<" + id() + "@" + DemoZone.DOMAIN + ">", now(), bq, null,
                        "See you at noon.\r\n"), bq).fate);
            }
        }
    }

    private record Result(Fate fate, String envelopeSender) {}

    /**
     * Offers one message to the milter as Postfix would and carries out the answer in the demo MTA.
     *
     * @param queueId the queue id of locally submitted mail, or null to take a fresh one
     */
    private Result send(DemoMessage m, String queueId) throws IOException, InterruptedException {
        if (!pace.isZero()) {
            Thread.sleep(pace.toMillis());
        }
        String qid = queueId != null ? queueId : mta.newQueueId();
        String sender = m.sender();
        try (MilterClient c = MilterClient.connect(milter, Duration.ofSeconds(30))) {
            c.negotiate();
            c.macros(MacroStage.CONNECT, Map.of("j", DemoZone.RELAY_HOST,
                    "{daemon_name}", m.local() ? "pickup" : "smtpd"));
            if (refused(c.connect(new ConnectionInfo(m.clientHost(), ConnectionInfo.Family.INET, m.local() ? 0 : 25,
                    m.clientIp())))) {
                return new Result(Fate.REFUSED, sender);
            }
            c.helo(m.clientHost());
            c.macros(MacroStage.ENVFROM, Map.of("i", qid));
            if (refused(c.mailFrom(sender))) {
                return new Result(Fate.REFUSED, sender);
            }
            List<String> accepted = new ArrayList<>();
            for (String r : m.recipients()) {
                if (!refused(c.rcptTo(r))) {
                    accepted.add(r);
                }
            }
            if (accepted.isEmpty()) {
                c.abort();
                c.quit();
                return new Result(Fate.REFUSED, sender);
            }
            c.data();
            for (Map.Entry<String, String> h : m.headers()) {
                c.header(h.getKey(), h.getValue());
            }
            c.endOfHeaders();
            c.body(m.body().getBytes(StandardCharsets.UTF_8));
            c.macros(MacroStage.EOM, Map.of("i", qid));
            EndOfMessage eom = c.endOfMessage();
            c.quit();
            boolean hold = false;
            for (Modification mod : eom.modifications()) {
                if (mod instanceof Modification.ChangeFrom f) {
                    sender = f.sender().replaceAll("^<|>$", "");
                } else if (mod instanceof Modification.Quarantine) {
                    hold = true;
                }
            }
            Decision d = eom.decision();
            if (refused(d)) {
                return new Result(Fate.REFUSED, sender);
            }
            if (d instanceof Decision.Discard) {
                return new Result(Fate.QUARANTINED, sender);
            }
            if (hold) {
                mta.putOnHold(qid, sender, accepted);
                return new Result(Fate.HELD, sender);
            }
            mta.deliver(qid + " " + (sender.isEmpty() ? "<>" : sender) + " -> " + String.join(",", accepted));
            return new Result(Fate.DELIVERED, sender);
        }
    }

    private static boolean refused(Decision d) {
        return d instanceof Decision.Reject || d instanceof Decision.Tempfail || d instanceof Decision.Reply;
    }

    private synchronized void count(String chapter, Fate fate) {
        tally.computeIfAbsent(chapter, k -> new EnumMap<>(Fate.class)).merge(fate, 1, Integer::sum);
    }

    private ZonedDateTime now() {
        return ZonedDateTime.now(clock);
    }

    private String id() {
        return Long.toString(random.nextLong() >>> 1, 36).toUpperCase(java.util.Locale.ROOT);
    }
}
