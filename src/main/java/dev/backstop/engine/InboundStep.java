package dev.backstop.engine;

import dev.backstop.bounce.BounceRecipient;
import dev.backstop.config.VerdictAction;
import dev.backstop.bounce.BounceReport;
import dev.backstop.bounce.Kind;
import dev.backstop.inbound.BounceCandidate;
import dev.backstop.inbound.Evidence;
import dev.backstop.inbound.Judgement;
import dev.backstop.inbound.Verdict;
import dev.backstop.outbound.DeliveryOutcome;

import dev.backstop.store.QuarantineEntry;
import dev.backstop.store.QuarantineItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The end of an incoming message: is it a bounce, and does it answer mail we sent? */
final class InboundStep {
    private static final Logger log = LoggerFactory.getLogger(InboundStep.class);
    static final String VERDICT_HEADER = "X-Backstop-Verdict";
    static final String BOUNCE_HEADER = "X-Backstop-Bounce";
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1,250}>");

    private InboundStep() {}

    static Outcome run(MailSession s, String queueId) {
        MessageBuffer m = s.message;
        List<Change> changes = new ArrayList<>(stripForgedHeaders(m));
        for (Map.Entry<String, String> e : s.untagged.entrySet()) {
            changes.add(new Change.DeleteRecipient(e.getKey()));
            changes.add(new Change.AddRecipient(e.getValue()));
        }
        if (!candidate(s, m)) {
            return new Outcome(changes, Action.CONTINUE);
        }
        BounceReport report;
        try {
            report = s.engine.reader.read(m.raw());
        } catch (RuntimeException e) {
            // The reader promises not to throw; if it does, the bounce is judged on what else we know (unknown).
            log.error("queue_id={} bounce reader failed: {}", queueId, e.toString());
            report = BounceReport.notABounce(List.of("bounce reader failed: " + e.getClass().getSimpleName()));
        }
        if (report.kind() == Kind.NOT_A_BOUNCE && !s.sender.isEmpty() && s.untagged.isEmpty()) {
            return new Outcome(changes, Action.CONTINUE); // a postmaster writing by hand, say
        }
        List<String> delivered = new ArrayList<>();
        for (String r : s.recipients) {
            delivered.add(s.untagged.getOrDefault(r, r));
        }
        List<Evidence> early = new ArrayList<>(s.early);
        if (m.truncated()) {
            early.add(Evidence.note("size", "message larger than " + s.engine.settings.maxMessageBytes()
                    + " bytes; judged on its start"));
        }
        Judgement j = s.engine.guard.judge(new BounceCandidate(s.sender, delivered, s.client.address(), report,
                messageIds(m.first("In-Reply-To") + " " + m.first("References")), early));
        VerdictAction action = s.engine.settings.actions().get(j.verdict());
        if (action == VerdictAction.QUARANTINE && m.truncated()) {
            action = VerdictAction.HOLD; // our copy would be cut: the MTA's hold queue keeps it whole
        }
        String what = report.kind().label() + " from <" + s.sender + "> to " + String.join(",", delivered);
        log.info("queue_id={} client={} verdict={} action={} evidence=[{}] {}", queueId, s.client.address(),
                j.verdict().label(), action.label(), j.summary(), what);
        s.event("verdict." + j.verdict().label(), what, action.label() + ": " + j.why() + "; " + j.summary());
        if (j.verdict() == Verdict.GENUINE && report.kind() == Kind.BOUNCE) {
            failureOfOurSource(s, report);
        }
        switch (action) {
            case DELIVER -> {
                changes.add(new Change.AddHeader(VERDICT_HEADER, j.verdict().label() + "; " + j.summary()));
                String summary = bounceSummary(report);
                if (!summary.isEmpty()) {
                    changes.add(new Change.AddHeader(BOUNCE_HEADER, summary));
                }
                return new Outcome(changes, Action.CONTINUE);
            }
            case QUARANTINE -> {
                try {
                    QuarantineItem item = s.engine.store.quarantine().put(new QuarantineEntry(
                            s.engine.clock.instant(), s.sender, delivered, report.original().messageId().isEmpty()
                                    ? m.first("Message-ID") : report.original().messageId(),
                            m.first("Subject"), j.verdict().label(), evidenceText(j), m.raw()));
                    log.info("queue_id={} quarantined as {}", queueId, item.id());
                    return new Outcome(List.of(), Action.DISCARD);
                } catch (RuntimeException e) {
                    log.error("queue_id={} quarantine failed, tempfail: {}", queueId, e.toString());
                    return Outcome.of(Action.tempfail("4.3.0", "Backstop: cannot store this message now"));
                }
            }
            case HOLD -> {
                changes.add(new Change.AddHeader(VERDICT_HEADER, j.verdict().label() + "; " + j.summary()));
                return new Outcome(changes, new Action.Hold("Backstop: " + j.verdict().label() + " bounce"));
            }
            case REJECT -> {
                return Outcome.of(Action.reject("5.7.1", "Backstop: this bounce answers mail we did not send"
                        + " (" + j.verdict().label() + ")"));
            }
            case DISCARD -> {
                return new Outcome(List.of(), Action.DISCARD);
            }
            default -> throw new IllegalStateException(action.toString());
        }
    }

    /** A genuine bounce is a delivery failure of the source that sent the original: containment counts it. */
    private static void failureOfOurSource(MailSession s, BounceReport report) {
        String id = report.original().messageId();
        if (id.isEmpty()) {
            return;
        }
        try {
            s.engine.store.ledger().byMessageId(id).stream().findFirst().ifPresent(e ->
                    s.engine.containment.delivery(e.message().source(), DeliveryOutcome.BOUNCED));
        } catch (RuntimeException e) {
            log.warn("could not count a genuine bounce against its source: {}", e.toString());
        }
    }

    /** Null sender, MAILER-DAEMON or postmaster, a tagged recipient, a DSN or an auto-reply. */
    static boolean candidate(MailSession s, MessageBuffer m) {
        if (s.sender.isEmpty() || !s.untagged.isEmpty()) {
            return true;
        }
        int at = s.sender.indexOf('@');
        String local = (at < 0 ? s.sender : s.sender.substring(0, at)).toLowerCase(Locale.ROOT);
        if (local.equals("mailer-daemon") || local.equals("postmaster")) {
            return true;
        }
        String type = m.first("Content-Type").toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/report")) {
            return true;
        }
        String auto = m.first("Auto-Submitted").toLowerCase(Locale.ROOT);
        return auto.startsWith("auto-replied") || !m.first("X-Autoreply").isEmpty()
                || !m.first("X-Autorespond").isEmpty();
    }

    /** Removes X-Backstop-* headers that came from outside, so nobody can forge our verdict. */
    static List<Change> stripForgedHeaders(MessageBuffer m) {
        List<Change> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Map.Entry<String, String> h : m.headers()) {
            String name = h.getKey();
            if (name.regionMatches(true, 0, "X-Backstop-", 0, 11)) {
                int n = seen.merge(name.toLowerCase(Locale.ROOT), 1, Integer::sum);
                out.add(new Change.DeleteHeader(name, n));
            }
        }
        // delete from the last occurrence down so earlier indexes stay valid
        java.util.Collections.reverse(out);
        return out;
    }

    static String bounceSummary(BounceReport r) {
        StringBuilder b = new StringBuilder();
        for (BounceRecipient x : r.recipients()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            if (b.length() > 600) {
                b.append("...");
                break;
            }
            b.append("recipient=").append(x.address()).append("; reason=").append(x.reason().label());
            if (!x.status().isEmpty()) {
                b.append("; status=").append(x.status());
            }
        }
        if (r.original().isPresent() && !r.original().messageId().isEmpty() && b.length() < 700) {
            b.append(b.length() > 0 ? "; " : "").append("original=").append(r.original().messageId());
        }
        return b.toString();
    }

    static List<String> messageIds(String text) {
        List<String> ids = new ArrayList<>();
        Matcher x = MESSAGE_ID.matcher(text);
        while (x.find() && ids.size() < 100) {
            ids.add(x.group());
        }
        return ids;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** A compact JSON array of the evidence, for the quarantine index and the dashboard. */
    static String evidenceText(Judgement j) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Evidence e : j.evidence()) {
            rows.add(Map.of("source", e.source(), "says", e.says() == null ? "none" : e.says().label(),
                    "strength", e.strength().label(), "detail", e.detail()));
        }
        try {
            return JSON.writeValueAsString(Map.of("why", j.why(), "evidence", rows));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{}";
        }
    }
}
