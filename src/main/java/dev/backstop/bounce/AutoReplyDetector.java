package dev.backstop.bounce;

import dev.backstop.mail.MimePart;
import dev.backstop.mail.TextDecoding;
import java.util.List;
import java.util.Locale;

/**
 * RFC 3834 automatic replies and their older cousins: Auto-Submitted, X-Autoreply / X-Autorespond,
 * Precedence: auto_reply, Exchange's X-Auto-Response-Suppress on an out-of-office, and subjects that
 * vacation programs write in several languages.
 */
final class AutoReplyDetector {
    private static final List<String> SUBJECT_PREFIXES = List.of("auto:", "automatic reply", "auto reply", "autoreply",
            "auto-reply", "auto response", "autoresponse", "auto-response", "out of office", "out of the office",
            "vacation", "on vacation", "away from", "abwesenheitsnotiz", "automatische antwort", "réponse automatique",
            "reponse automatique", "risposta automatica", "respuesta automática", "自動応答", "自動返信", "不在");

    boolean isAutoReply(MimePart root) {
        String autoSubmitted = root.header("Auto-Submitted").toLowerCase(Locale.ROOT);
        if (autoSubmitted.startsWith("auto-replied")) {
            return true;
        }
        if (!root.header("X-Autoreply").isEmpty() || !root.header("X-Autorespond").isEmpty()
                || !root.header("X-Autoresponder").isEmpty()) {
            return true;
        }
        String precedence = root.header("Precedence").toLowerCase(Locale.ROOT);
        if (precedence.contains("auto_reply") || precedence.contains("auto-reply")) {
            return true;
        }
        String subject = TextDecoding.decodeHeader(root.header("Subject")).trim().toLowerCase(Locale.ROOT);
        for (String p : SUBJECT_PREFIXES) {
            if (subject.startsWith(p) || subject.startsWith("re: " + p) || subject.contains("[" + p)) {
                return true;
            }
        }
        return subject.contains("out of office") || subject.contains("autoreply") || subject.contains("auto reply")
                || subject.contains("automatic reply") || subject.contains("vacation");
    }
}
