package dev.backstop.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-scan-per-key test for SES notifications says what the plain substring tests said. */
class SesKeyScanTest {
    /** The substring tests it replaces, kept here as the reference. */
    private static boolean reference(String t) {
        return t.indexOf('"') >= 0 && (t.contains("notificationType\\\"") || t.contains("\"notificationType\"")
                || t.contains("\"eventType\"") || t.contains("bouncedRecipients\"") || t.contains("bouncedRecipients\\\""));
    }

    private static final String[] PIECES = {
        "notificationType", "eventType", "bouncedRecipients", "\"", "\\", "\\\"", " ", "x", ":", "{", "Type",
        "notification", "bounced", "\n",
    };

    @Test
    void agreesWithTheSubstringTestsOnRandomMixesOfKeysQuotesAndBackslashes() {
        Random random = new Random(20261127L);
        int positives = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder sb = new StringBuilder();
            int parts = random.nextInt(7);
            for (int k = 0; k < parts; k++) {
                sb.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String t = sb.toString();
            boolean expected = reference(t);
            positives += expected ? 1 : 0;
            assertThat(SesNotificationReader.looksLikeSes(t)).as(t).isEqualTo(expected);
        }
        assertThat(positives).isGreaterThan(1000);
    }

    @Test
    void knownForms() {
        assertThat(SesNotificationReader.looksLikeSes("{\"notificationType\":\"Bounce\"}")).isTrue();
        assertThat(SesNotificationReader.looksLikeSes("\"Message\": \"{\\\"notificationType\\\":1}\"")).isTrue();
        assertThat(SesNotificationReader.looksLikeSes("x notificationType\" y")).isFalse();
        assertThat(SesNotificationReader.looksLikeSes("eventType\" and \"eventType")).isFalse();
        assertThat(SesNotificationReader.looksLikeSes("bouncedRecipients\" only")).isTrue();
        assertThat(SesNotificationReader.looksLikeSes("no quotes notificationType at all")).isFalse();
    }
}
