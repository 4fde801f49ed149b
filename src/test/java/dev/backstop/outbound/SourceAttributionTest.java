package dev.backstop.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceAttributionTest {
    private static Map.Entry<String, String> h(String name, String value) {
        return Map.entry(name, value);
    }

    @Test
    void thePhpScriptIsTheMostSpecificSource() {
        Source s = SourceAttribution.of(List.of(
                h("Received", "by mx.example.com (Postfix, from userid 33) id 4ABC; Thu, 26 Nov 2026"),
                h("X-PHP-Originating-Script", "33:contact.php")), "alice", "127.0.0.1", true, "www@example.com");
        assertThat(s).hasToString("script 33:contact.php");
    }

    @Test
    void pickupUserIdWhenNoScriptAndNoLogin() {
        Source s = SourceAttribution.of(List.of(h("Received", "by h (Postfix, from userid 1001)\n\tid 4X; date")),
                null, "127.0.0.1", true, "bob@example.com");
        assertThat(s).hasToString("user uid 1001");
    }

    @Test
    void saslLoginThenClientIpThenDomain() {
        assertThat(SourceAttribution.of(List.of(), "alice@example.com", "203.0.113.7", false, "a@example.com"))
                .hasToString("sasl alice@example.com");
        assertThat(SourceAttribution.of(List.of(), null, "203.0.113.7", false, "a@example.com"))
                .hasToString("ip 203.0.113.7");
        assertThat(SourceAttribution.of(List.of(), null, "", true, "a@Example.COM")).hasToString("domain example.com");
    }

    @Test
    void aHugeOrHostileScriptHeaderIsBoundedAndCleaned() {
        String big = "33:/var/www/" + "a".repeat(100_000) + "\r\n;rm -rf /";
        Source s = SourceAttribution.of(List.of(h("X-PHP-Originating-Script", big)), null, "", true, "");
        assertThat(s.name()).hasSizeLessThanOrEqualTo(Source.MAX_NAME + 3).startsWith("33:/var/www/aaa").endsWith("...");
        Source ctl = SourceAttribution.of(List.of(h("X-PHP-Originating-Script", "33:x.php\r\nBcc: evil")), null, "", true, "");
        assertThat(ctl.name()).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void parsesWhatItPrints() {
        assertThat(Source.parse("script www-data:/var/www/shop/contact.php"))
                .isEqualTo(new Source(Source.Kind.SCRIPT, "www-data:/var/www/shop/contact.php"));
        assertThatThrownBy(() -> Source.parse("robot x")).hasMessageContaining("unknown source kind 'robot'");
        assertThatThrownBy(() -> Source.parse("sasl")).hasMessageContaining("KIND NAME");
    }
}
