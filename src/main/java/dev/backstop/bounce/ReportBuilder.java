package dev.backstop.bounce;

import dev.backstop.mail.MimePart;
import dev.backstop.mail.ParsedMessage;
import dev.backstop.mail.TextDecoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a parsed message into a {@link BounceReport}: finds the machine-readable parts (delivery-status,
 * feedback report, SES JSON), falls back to the text rules, completes each recipient (status, reply code,
 * reason, hard or soft) and attaches the original message.
 */
final class ReportBuilder {
    private static final int MAX_NOTICE = 64 << 10;

    private final DeliveryStatusParser dsnParser = new DeliveryStatusParser();
    private final TextBounceScanner textScanner = new TextBounceScanner();
    private final FeedbackReader feedbackReader = new FeedbackReader();
    private final SesNotificationReader sesReader = new SesNotificationReader();
    private final AutoReplyDetector autoReply = new AutoReplyDetector();
    private final OriginalExtractor originals = new OriginalExtractor();
    private final ReasonClassifier classifier = new ReasonClassifier();

    BounceReport build(ParsedMessage msg) {
        MimePart root = msg.root();
        Parts parts = Parts.of(msg);
        List<String> defects = new ArrayList<>(msg.defects());
        String notice = parts.notice.length() > MAX_NOTICE ? parts.notice.substring(0, MAX_NOTICE) : parts.notice;
        int originalAt = NoticeText.originalStart(notice); // asked once: the original and the cut both need it
        OriginalMessage original = original(parts, notice, originalAt);

        if (parts.feedback != null || Signals.isComplaintForward(root, parts)) {
            String report = parts.feedback != null ? parts.feedback.text()
                    : parts.embedded == null ? "" : "Original-Rcpt-To: " + parts.embedded.header("X-HmXmrOriginalRecipient");
            List<Fact> facts = feedbackReader.read(report, original);
            return finish(Kind.FEEDBACK, facts, original, "arf", notice, defects);
        }
        List<Fact> facts = new ArrayList<>();
        String reporter = "";
        if (parts.dsn != null) {
            facts.addAll(dsnParser.parse(parts.dsn.text()).facts);
            reporter = "rfc3464";
        }
        if (facts.isEmpty() && SesNotificationReader.looksLikeSes(notice)) {
            facts.addAll(sesReader.read(notice));
            reporter = "amazonses";
        }
        String cut = originalAt < 0 ? notice : notice.substring(0, originalAt);
        boolean bounceLike = Signals.looksLikeBounce(root, cut, original.isPresent());
        if (facts.isEmpty() && bounceLike) {
            String unquoted = NoticeText.unquoted(cut);
            if (unquoted != null) {
                cut = NoticeText.withoutOriginal(unquoted); // a bounce forwarded by a person, "> " quoted
            }
            reporter = fromText(cut, facts);
            if (facts.isEmpty() && parts.nestedDsn != null) {
                facts.addAll(dsnParser.parse(parts.nestedDsn.text()).facts);
                reporter = "rfc3464-nested";
            }
            if (facts.isEmpty()) {
                Fact f = fallbackRecipient(root, original);
                if (f != null) {
                    facts.add(f);
                }
            }
        }
        if (facts.isEmpty()) {
            if (autoReply.isAutoReply(root)) {
                Fact f = new Fact(SmtpText.address(root.header("From")));
                f.reason = Reason.VACATION;
                f.diagnostic = firstLine(cut);
                return finish(Kind.AUTO_REPLY, List.of(f), original, "rfc3834", "", defects);
            }
            return new BounceReport(Kind.NOT_A_BOUNCE, List.of(), original, "", defects);
        }
        if (reporter.startsWith("rfc3464")) {
            mergeTextDetails(facts, textScanner.scan(cut));
        }
        fillMissingAddresses(facts, root, original);
        FamilyRules.Rule family = FamilyRules.match(root, cut);
        if (family != null) {
            reporter = family.family();
            for (Fact f : facts) {
                f.reason = family.reason();
            }
        }
        boolean temporary = Signals.saysTemporary(root, cut);
        SmtpCommand stages = new SmtpCommand(cut);
        for (Fact f : facts) {
            complete(f, cut, stages, temporary);
        }
        return finish(kindOf(facts), facts, original, reporter, cut, defects);
    }

    /** Recipients from a notice without a delivery-status part: inline status fields, else the text rules. */
    private String fromText(String cut, List<Fact> facts) {
        if (hasInlineStatusFields(cut)) {
            facts.addAll(dsnParser.parse(cut).facts);
            if (!facts.isEmpty()) {
                return "rfc3464-inline";
            }
        }
        facts.addAll(textScanner.scan(cut));
        return "text";
    }

    private BounceReport finish(Kind kind, List<Fact> facts, OriginalMessage original, String reporter,
                                String notice, List<String> defects) {
        List<BounceRecipient> out = new ArrayList<>();
        for (Fact f : facts) {
            Reason reason = classifier.classify(f);
            String status = f.status;
            if (status.isEmpty() && kind != Kind.FEEDBACK && kind != Kind.AUTO_REPLY) {
                status = reason == Reason.DELIVERED ? "2.0.0"
                        : StatusTable.internalCode(reason, f.action.equals("delayed") || f.replyCode.startsWith("4"));
            }
            out.add(new BounceRecipient(f.address, status, f.replyCode, reason,
                    HardBounce.isHard(reason, status, f.replyCode, f.diagnostic),
                    f.action, f.remoteMta, clean(f.diagnostic)));
        }
        return new BounceReport(kind, out, original, reporter, defects);
    }

    /** Fills status, reply code, command and action of one recipient from what the notice says. */
    private void complete(Fact f, String notice, SmtpCommand stages, boolean temporary) {
        String own = f.diagnostic;
        if (own.isBlank()) {
            f.diagnostic = Signals.errorParagraph(notice);
        }
        String diagStatus = SmtpText.status(f.diagnostic);
        if (f.status.isEmpty()) {
            f.status = diagStatus;
        } else if (!diagStatus.isEmpty() && diagStatus.charAt(0) == f.status.charAt(0) && !SmtpText.isGeneric(diagStatus)
                && (SmtpText.isGeneric(f.status) || remoteSaid(f))) {
            // the remote host's own code says more than the reporting MTA's summary of it
            f.status = diagStatus;
        } else if (f.status.startsWith("4") && diagStatus.startsWith("5") && f.action.equals("failed")) {
            f.status = diagStatus; // a permanent reply reported with a temporary code (the action says failed)
        }
        if (f.replyCode.isEmpty()) {
            String rc = SmtpText.replyCode(f.diagnostic);
            if (!rc.isEmpty() && !f.status.isEmpty() && rc.charAt(0) != f.status.charAt(0)) {
                // "554 4.4.7 Message expired <421 4.4.2 Connection timed out>": the reply of the status's class
                rc = SmtpText.replyCode(f.diagnostic, f.status.charAt(0));
            }
            if (!rc.isEmpty() && (f.status.isEmpty() || rc.charAt(0) == f.status.charAt(0))) {
                f.replyCode = rc;
            }
        }
        if (f.command.isEmpty()) {
            f.command = stages.stageOf(f.diagnostic, f.address);
        }
        if (f.remoteMta.isEmpty()) {
            f.remoteMta = SmtpText.remoteHost(f.diagnostic);
        }
        if (f.action.isEmpty()) {
            if (f.status.startsWith("4") || f.status.isEmpty() && f.replyCode.startsWith("4") && temporary
                    || f.status.isEmpty() && f.replyCode.isEmpty() && temporary) {
                f.action = temporary ? "delayed" : "failed";
            } else if (f.status.startsWith("2")) {
                f.action = "delivered";
            } else {
                f.action = "failed";
            }
        }
    }

    /** Is the diagnostic the remote SMTP server's reply (not the reporting MTA's own words)? */
    private static boolean remoteSaid(Fact f) {
        return f.diagnosticType.equalsIgnoreCase("smtp");
    }

    private static Kind kindOf(List<Fact> facts) {
        boolean failed = false;
        boolean delayed = false;
        boolean delivered = false;
        for (Fact f : facts) {
            switch (f.action) {
                case "delivered", "relayed", "expanded" -> delivered = true;
                case "delayed" -> delayed = true;
                default -> failed = true;
            }
        }
        return failed ? Kind.BOUNCE : delayed ? Kind.DELAY : delivered ? Kind.DELIVERED : Kind.BOUNCE;
    }

    private OriginalMessage original(Parts parts, String notice, int at) {
        if (parts.embedded != null) {
            return originals.fromAttachedMessage(parts.embedded);
        }
        if (parts.headersPart != null) {
            OriginalMessage m = originals.fromHeaderText("headers", parts.headersPart.text());
            if (m.isPresent()) {
                return m;
            }
        }
        if (at >= 0) {
            return originals.fromHeaderText("inline", notice.substring(at));
        }
        return OriginalMessage.NONE;
    }

    private static Fact fallbackRecipient(MimePart root, OriginalMessage original) {
        String failed = SmtpText.address(root.header("X-Failed-Recipients"));
        if (!failed.isEmpty()) {
            return new Fact(failed);
        }
        String to = SmtpText.address(original.to());
        return to.isEmpty() ? null : new Fact(to);
    }

    private static void fillMissingAddresses(List<Fact> facts, MimePart root, OriginalMessage original) {
        for (Fact f : facts) {
            if (!f.hasAddress() || f.address.indexOf('@') < 0) { // none, or a file or pipe it was delivered to
                Fact fb = fallbackRecipient(root, original);
                if (fb != null) {
                    f.address = fb.address;
                }
            }
        }
    }

    /**
     * The human-readable part often says more than the delivery-status part: which command was refused,
     * and sometimes the only diagnostic.
     */
    private static void mergeTextDetails(List<Fact> facts, List<Fact> fromText) {
        if (facts.size() == 1 && fromText.size() == 1 && SmtpText.address(facts.get(0).address).isEmpty()) {
            facts.get(0).address = fromText.get(0).address; // "Final-Recipient: rfc822; @host" lost its local part
        }
        for (Fact f : facts) {
            for (Fact t : fromText) {
                if (!t.address.equalsIgnoreCase(f.address)) {
                    continue;
                }
                String cmd = !t.command.isEmpty() ? t.command : SmtpCommand.inText(t.diagnostic.toLowerCase(Locale.ROOT));
                if (f.command.isEmpty() && !cmd.isEmpty()) {
                    f.command = cmd;
                }
                if (f.diagnostic.isBlank()) {
                    f.diagnostic = t.diagnostic;
                }
                if (f.remoteMta.isEmpty()) {
                    f.remoteMta = SmtpText.remoteHost(t.diagnostic);
                }
            }
        }
    }

    /** Delivery-status fields written into the text (no MIME part of their own), in any letter case. */
    private static boolean hasInlineStatusFields(String cut) {
        for (String needle : new String[] {"-Recipient:", "-recipient:", "-RECIPIENT:"}) {
            for (int at = cut.indexOf(needle); at >= 0; at = cut.indexOf(needle, at + 1)) {
                if (at >= 5 && cut.regionMatches(true, at - 5, "Final", 0, 5)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    private static String clean(String diag) {
        String d = diag.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ').strip();
        while (d.contains("  ")) {
            d = d.replace("  ", " ");
        }
        return d.length() > 1000 ? d.substring(0, 1000) : d;
    }

    /** Which parts of the message play which role. */
    static final class Parts {
        MimePart dsn;
        MimePart feedback;
        MimePart embedded;
        MimePart headersPart;
        MimePart nestedDsn;
        String notice = "";

        static Parts of(ParsedMessage msg) {
            Parts p = new Parts();
            List<MimePart> all = msg.parts();
            // sized for every text at once: grown from the default, the builder copied each notice about four
            // times over
            long texts = 0;
            for (MimePart part : all) {
                texts += part.text().length() + 1;
            }
            StringBuilder notice = new StringBuilder((int) Math.min(texts, 2 * MAX_NOTICE));
            for (MimePart part : all) {
                String type = part.mimeType();
                boolean inOriginal = insideEmbedded(part);
                if (inOriginal) {
                    if (type.equals("message/delivery-status") && p.nestedDsn == null) {
                        p.nestedDsn = part; // a bounce that wraps another bounce
                    }
                    continue;
                }
                if (type.equals("message/delivery-status") || type.equals("message/global-delivery-status")) {
                    p.dsn = p.dsn == null ? part : p.dsn;
                } else if (type.equals("message/feedback-report")) {
                    p.feedback = p.feedback == null ? part : p.feedback;
                } else if ((type.equals("message/rfc822") || type.equals("message/global")) && !part.children().isEmpty()) {
                    p.embedded = p.embedded == null ? part.children().get(0) : p.embedded;
                } else if (type.equals("text/rfc822-headers") || type.equals("message/rfc822-headers")
                        || type.equals("message/global-headers")) {
                    p.headersPart = p.headersPart == null ? part : p.headersPart;
                } else if ((type.equals("text/plain") || type.equals("application/json") || type.equals("message/rfc822"))
                        && !part.isContainer() && notice.length() < MAX_NOTICE) {
                    notice.append(part.text()).append('\n');
                } else if (type.startsWith("multipart/") && part.children().isEmpty() && notice.length() < MAX_NOTICE) {
                    notice.append(part.text()).append('\n'); // boundary never found: the body is all there is
                } else if (type.equals("text/html") && !part.isContainer() && notice.length() == 0) {
                    notice.append(HtmlText.toText(part.text())).append('\n');
                }
            }
            p.notice = notice.toString();
            return p;
        }

        private static boolean insideEmbedded(MimePart part) {
            for (MimePart a = part.parent(); a != null; a = a.parent()) {
                if (a.mimeType().startsWith("message/rfc822") || a.mimeType().equals("message/global")) {
                    return true;
                }
            }
            return false;
        }
    }

    static String decodedSubject(MimePart root) {
        return TextDecoding.decodeHeader(root.header("Subject"));
    }
}
