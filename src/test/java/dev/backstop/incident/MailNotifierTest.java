package dev.backstop.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.mta.Sendmail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailNotifierTest {
    private static final Instant T = Instant.parse("2026-11-27T00:00:00Z");

    @TempDir
    Path dir;

    private static Incident incident(String source, String subject) {
        return new Incident(7, source, "distinct_recipients_10m 21 > 20", true, T, T.plusSeconds(4), 40, 30, 40, 21,
                "gmail.example 20, web.example 10", subject, "From: a@b.example\nSubject: Win\nX-PHP-Originating-Script: 33:x.php",
                null, null);
    }

    @Test
    void theAlertCarriesTheHeaderTheNumbersAndNoInjectedHeaders() {
        MailNotifier n = new MailNotifier(null, "backstop@host.example", "admin@host.example", "host.example",
                Clock.fixed(T, ZoneOffset.UTC));
        String hostile = "script 33:/var/www/x.php\r\nBcc: victim@example.org\u00e9";
        String m = n.message(new Alert(AlertKind.OPENED, incident(hostile, "Win\r\nX-Evil: 1")));
        String headers = m.substring(0, m.indexOf("\r\n\r\n"));
        assertThat(headers).contains(Alert.HEADER + ": incident 7", "From: Backstop <backstop@host.example>",
                "To: admin@host.example", "Auto-Submitted: auto-generated");
        assertThat(headers.lines()).noneMatch(l -> l.startsWith("Bcc:") || l.startsWith("X-Evil"));
        assertThat(headers.chars()).allMatch(c -> c < 0x80);
        String body = m.substring(m.indexOf("\r\n\r\n"));
        assertThat(body).contains("Held:        30", "Top domains: gmail.example 20, web.example 10",
                "backstop incidents purge 7", "X-PHP-Originating-Script: 33:x.php");
        assertThat(body.lines()).noneMatch(l -> l.startsWith("Bcc:") || l.startsWith("X-Evil"));
    }

    @Test
    void itIsSubmittedWithOnlyTheConfiguredAddressesOnTheCommandLine() throws Exception {
        Path args = dir.resolve("args");
        Path stdin = dir.resolve("stdin");
        Path fake = dir.resolve("sendmail");
        Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > " + args + "\ncat > " + stdin + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        MailNotifier n = new MailNotifier(new Sendmail(fake, null, Duration.ofSeconds(10)), "backstop@host.example",
                "admin@host.example", "host.example", Clock.fixed(T, ZoneOffset.UTC));
        n.send(new Alert(AlertKind.RESOLVED, incident("script 33:$(touch /tmp/pwned);`id`", "s")));
        assertThat(Files.readAllLines(args)).containsExactly("-i", "-f", "backstop@host.example", "--",
                "admin@host.example");
        assertThat(Files.readString(stdin, StandardCharsets.UTF_8)).contains("X-Backstop-Alert: incident 7",
                "resolved");
        assertThat(List.of(n.name())).containsExactly("mail admin@host.example");
    }
}
