package dev.backstop.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ContainmentPolicyTest {
    private static final Path EXAMPLE = Path.of("policy.example.yml");

    @Test
    void embeddedDefaultsSuitASmallHost() {
        ContainmentPolicy p = ContainmentPolicy.defaults();
        assertThat(p.dryRun()).isFalse();
        assertThat(p.maxSources()).isEqualTo(100_000);
        Thresholds script = p.kinds().get(Source.Kind.SCRIPT);
        assertThat(script.distinctRecipients10m()).isEqualTo(20);
        assertThat(script.messages10m()).isEqualTo(30);
        assertThat(script.repeatedContent10m()).isEqualTo(10);
        assertThat(script.action()).isEqualTo(ContainmentAction.HOLD);
        assertThat(p.kinds()).containsOnlyKeys(Source.Kind.values());
        assertThat(p.alerts().escalateFactor()).isEqualTo(10);
    }

    @Test
    void theExampleLoadsAndEqualsTheDefaultsForEveryKind() {
        ContainmentPolicy example = ContainmentPolicy.load(EXAMPLE);
        assertThat(example.kinds()).isEqualTo(ContainmentPolicy.defaults().kinds());
        assertThat(example.alerts()).isEqualTo(ContainmentPolicy.defaults().alerts());
        assertThat(example.allowed("script 33:/var/www/news/send.php")).isTrue();
        Thresholds news = example.thresholds(Source.parse("sasl newsletter@example.com"));
        assertThat(news.messages1h()).isEqualTo(3000);
        assertThat(news.action()).isEqualTo(ContainmentAction.TEMPFAIL);
        assertThat(news.messages10m()).isEqualTo(300); // inherited from sasl
    }

    @Test
    void theExampleDocumentsEveryKnownKey() throws Exception {
        Set<String> documented = new LinkedHashSet<>();
        Pattern key = Pattern.compile("^( *)([a-z_0-9]+|\"[^\"]+\"):");
        String[] stack = new String[8];
        for (String line : Files.readAllLines(EXAMPLE)) {
            Matcher m = key.matcher(line);
            if (!m.find()) {
                continue;
            }
            int depth = m.group(1).length() / 2;
            String name = m.group(2).startsWith("\"") ? "NAME" : m.group(2);
            stack[depth] = name;
            documented.add(String.join(".", java.util.Arrays.asList(stack).subList(0, depth + 1)));
        }
        List<String> known = ContainmentPolicy.knownKeys();
        assertThat(known).contains("dry_run", "kinds.script.distinct_recipients_10m", "sources.NAME.allow",
                "alerts.retry_backoff_ms");
        assertThat(documented).containsAll(known);
    }

    @Test
    void errorsNameTheKeyAndTheValue() {
        assertThatThrownBy(() -> ContainmentPolicy.parse("kinds:\n  script:\n    messages_10m: lots\n", "p.yml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("p.yml: kinds.script.messages_10m").hasMessageContaining("'lots'");
        assertThatThrownBy(() -> ContainmentPolicy.parse("kinds:\n  script:\n    messages10m: 3\n", "p.yml"))
                .hasMessageContaining("kinds.script.messages10m: unknown key");
        assertThatThrownBy(() -> ContainmentPolicy.parse("kinds:\n  robot: {}\n", "p.yml"))
                .hasMessageContaining("kinds.robot: unknown key");
        assertThatThrownBy(() -> ContainmentPolicy.parse("kinds:\n  sasl:\n    action: drop\n", "p.yml"))
                .hasMessageContaining("kinds.sasl.action: must be hold, tempfail or reject, not 'drop'");
        assertThatThrownBy(() -> ContainmentPolicy.parse("kinds:\n  ip:\n    failure_ratio: 1.5\n", "p.yml"))
                .hasMessageContaining("kinds.ip.failure_ratio");
        assertThatThrownBy(() -> ContainmentPolicy.parse("kinds:\n  ip:\n    distinct_recipients_1h: 5000\n", "p.yml"))
                .hasMessageContaining("kinds.ip.distinct_recipients_1h: must be a whole number from 0 to 1000");
        assertThatThrownBy(() -> ContainmentPolicy.parse("dry_run: maybe\n", "p.yml"))
                .hasMessageContaining("dry_run: must be true or false");
        assertThatThrownBy(() -> ContainmentPolicy.parse("sources:\n  \"robot x\": {allow: true}\n", "p.yml"))
                .hasMessageContaining("sources.robot x: unknown source kind");
        assertThatThrownBy(() -> ContainmentPolicy.parse("alerts:\n  sender: \"-oQ/tmp x\"\n", "p.yml"))
                .hasMessageContaining("alerts.sender: must be a plain address");
        assertThatThrownBy(() -> ContainmentPolicy.parse("- a\n- b\n", "p.yml"))
                .hasMessageContaining("top level must be a mapping");
        assertThatThrownBy(() -> ContainmentPolicy.parse("a: [\n", "p.yml"))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void dryRunAndOverridesParse() {
        ContainmentPolicy p = ContainmentPolicy.parse("dry_run: true\nsources:\n  'script 33:/x.php':\n"
                + "    distinct_recipients_10m: 200\n", "p.yml");
        assertThat(p.dryRun()).isTrue();
        assertThat(p.thresholds(Source.parse("script 33:/x.php")).distinctRecipients10m()).isEqualTo(200);
        assertThat(p.thresholds(Source.parse("script 33:/x.php")).messages10m()).isEqualTo(30);
        assertThat(p.distinctCap()).isEqualTo(301);
    }

    @Test
    void garbageIsAConfigErrorNeverAnotherException() {
        java.util.Random r = new java.util.Random(7);
        String alphabet = "ab_:-{}[]\"' \n\t0129.&*!|>%@#";
        for (int n = 0; n < 2_000; n++) {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(80);
            for (int i = 0; i < len; i++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            try {
                ContainmentPolicy.parse(b.toString(), "fuzz");
            } catch (ConfigException expected) {
                assertThat(expected.getMessage()).startsWith("fuzz");
            }
        }
    }
}
