package dev.backstop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class BackstopConfigTest {
    private static final Path EXAMPLE = Path.of("backstop.example.yml");

    @TempDir
    Path dir;

    @Test
    void embeddedDefaults() {
        BackstopConfig c = BackstopConfig.defaults();
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.milter().listen()).isEqualTo(new ListenAddress.Inet("127.0.0.1", 8830));
        assertThat(c.policy().listen()).isEqualTo(new ListenAddress.Inet("127.0.0.1", 8831));
        assertThat(c.web().listen()).isEqualTo(new ListenAddress.Inet("127.0.0.1", 8025));
        assertThat(c.store().backend()).isEqualTo("sqlite");
        assertThat(c.store().sqlite().path()).isEqualTo(Path.of("data", "backstop.db"));
        assertThat(c.store().sqlite().synchronous()).isEqualTo("full");
        assertThat(c.retention()).isEqualTo(new BackstopConfig.Retention(30, 90, 30));
        assertThat(c.batv().enabled()).isTrue();
        assertThat(c.batv().domains()).isEmpty();
        assertThat(c.batv().mode()).isEqualTo(BackstopConfig.BatvMode.NORMAL);
        assertThat(c.batv().keys()).isEmpty();
        assertThat(c.batv().signingKey()).isEmpty();
        assertThat(c.batv().keyFile()).isEqualTo(Path.of("data", "batv.keys"));
        assertThat(c.batv().validityDays()).isEqualTo(7);
        assertThat(c.inbound().spf().enabled()).isTrue();
        assertThat(c.inbound().dkim().configured()).isFalse();
        assertThat(c.inbound().dns().timeoutMs()).isEqualTo(2000);
        assertThat(c.inbound().dns().resolver()).isNull();
        assertThat(c.inbound().dnsbl().zones()).isEmpty();
        assertThat(c.inbound().actions()).isEqualTo(new BackstopConfig.Actions(VerdictAction.DELIVER,
                VerdictAction.QUARANTINE, VerdictAction.REJECT, VerdictAction.QUARANTINE));
        assertThat(c.inbound().quarantine().releaseCommand()).isEqualTo(Path.of("/usr/sbin/sendmail"));
        assertThat(c.outbound()).isEqualTo(new BackstopConfig.Outbound(List.of("127.0.0.0/8", "::1"), null, null, null,
                VerdictAction.HOLD));
        assertThat(c.logging().level()).isEqualTo(BackstopConfig.Level.INFO);
    }

    @Test
    void exampleFileLoadsToTheDefaultsAndListsEveryKnownKey() throws Exception {
        assertThat(BackstopConfig.load(EXAMPLE)).isEqualTo(BackstopConfig.defaults());
        Object yaml = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(EXAMPLE));
        List<String> known = BackstopConfig.knownKeys();
        List<String> inExample = new ArrayList<>();
        flatten("", (Map<?, ?>) yaml, known, inExample);
        assertThat(inExample).containsExactlyElementsOf(known);
        // every key has a comment line right above it or above its section
        List<String> lines = Files.readAllLines(EXAMPLE);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#") && !line.endsWith(":")) {
                assertThat(lines.get(i - 1).strip()).as("comment above line %d: %s", i + 1, line).startsWith("#");
            }
        }
    }

    @Test
    void maskedMapHasTheSameKeysAsTheFile() {
        List<String> known = BackstopConfig.knownKeys();
        List<String> masked = new ArrayList<>();
        flatten("", BackstopConfig.defaults().toMaskedMap(), known, masked);
        assertThat(masked).containsExactlyElementsOf(known);
    }

    private static void flatten(String prefix, Map<?, ?> map, List<String> leaves, List<String> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String path = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m && !leaves.contains(path)) {
                flatten(path, m, leaves, out);
            } else {
                out.add(path);
            }
        }
    }

    @Test
    void secretsAreMaskedEverywhere() {
        BackstopConfig c = BackstopConfig.parse("""
                batv:
                  keys: {0: "first-secret-0123456789", 1: "second-secret-0123456789"}
                  signing_key: 1
                outbound:
                  webhook_url: https://hooks.example.com/services/T000/B000/XXXXSECRETXXXX
                """, "test");
        assertThat(c.batv().keys()).containsEntry(1, "second-secret-0123456789");
        assertThat(c.batv().signingKey()).hasValue(1);
        String masked = c.toMaskedMap().toString();
        assertThat(masked).doesNotContain("first-secret", "second-secret", "XXXXSECRET")
                .contains("https://hooks.example.com/********");
        assertThat(c.toString()).doesNotContain("first-secret", "second-secret", "XXXXSECRET");
    }

    @Test
    void fullConfigurationIsRead() {
        BackstopConfig c = BackstopConfig.parse("""
                data_dir: /var/lib/backstop
                milter: {listen: "unix:/run/backstop/milter.sock"}
                policy: {listen: "[::1]:9000"}
                web: {listen: "0.0.0.0:0"}
                store: {sqlite: {path: /srv/b.db, synchronous: NORMAL}}
                retention: {ledger_days: 60, events_days: 7, quarantine_days: 14}
                batv: {enabled: false, domains: [Example.COM, shop.example.com.], mode: strict, validity_days: 10,
                       key_file: keys/batv}
                inbound:
                  relays: [mx1.example.com, 192.0.2.10, 2001:db8::1, 198.51.100.0/24]
                  domains: [example.com]
                  dkim: {selector: s1, domain: example.com, public_key_file: dkim.pub}
                  spf: {enabled: false}
                  dns: {timeout_ms: 500, resolver: "127.0.0.1:5353"}
                  dnsbl: {zones: [bl.example.net]}
                  actions: {genuine: hold, backscatter: discard, backscatter_batv: quarantine, unknown: deliver}
                  quarantine: {release_command: /usr/local/sbin/sendmail}
                outbound: {policy_file: /etc/backstop/policy.yml, admin_email: hostmaster@example.com,
                           webhook_url: "http://127.0.0.1:9999/hook"}
                logging: {level: DEBUG}
                """, "test");
        assertThat(c.milter().listen()).isEqualTo(new ListenAddress.Unix(Path.of("/run/backstop/milter.sock")));
        assertThat(c.policy().listen()).isEqualTo(new ListenAddress.Inet("::1", 9000));
        assertThat(c.web().listen().port()).isZero();
        assertThat(c.store().sqlite()).isEqualTo(new BackstopConfig.Sqlite(Path.of("/srv/b.db"), "normal"));
        assertThat(c.retention()).isEqualTo(new BackstopConfig.Retention(60, 7, 14));
        assertThat(c.batv().enabled()).isFalse();
        assertThat(c.batv().domains()).containsExactly("example.com", "shop.example.com");
        assertThat(c.batv().mode()).isEqualTo(BackstopConfig.BatvMode.STRICT);
        assertThat(c.batv().keyFile()).isEqualTo(Path.of("/var/lib/backstop/keys/batv"));
        assertThat(c.inbound().relays()).containsExactly("mx1.example.com", "192.0.2.10", "2001:db8::1", "198.51.100.0/24");
        assertThat(c.inbound().dkim()).isEqualTo(new BackstopConfig.Dkim("s1", "example.com",
                Path.of("/var/lib/backstop/dkim.pub")));
        assertThat(c.inbound().dns()).isEqualTo(new BackstopConfig.Dns(500, new ListenAddress.Inet("127.0.0.1", 5353)));
        assertThat(c.inbound().actions().genuine()).isEqualTo(VerdictAction.HOLD);
        assertThat(c.inbound().actions().backscatter()).isEqualTo(VerdictAction.DISCARD);
        assertThat(c.outbound().adminEmail()).isEqualTo("hostmaster@example.com");
        assertThat(c.logging().level()).isEqualTo(BackstopConfig.Level.DEBUG);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            milter: {listen: 'inet:foo'}                    | milter.listen: bad value 'inet:foo' (expected inet:HOST:PORT or unix:/path)
            milter: {listen: 'unix:relative'}               | milter.listen: bad value 'unix:relative'
            milter: {listen: 'inet:127.0.0.1:70000'}        | milter.listen: bad value 'inet:127.0.0.1:70000'
            milter: {lisen: 'inet:127.0.0.1:1'}             | milter.lisen: unknown key (known keys under milter: listen)
            policy: {listen: 8831}                          | policy.listen: bad value '8831' (expected HOST:PORT
            web: {listen: 'local host:80'}                  | web.listen: bad value 'local host:80'
            web: 5                                          | web: bad value '5' (expected a mapping of keys)
            nosuch: 1                                       | nosuch: unknown key
            store: {backend: redis}                         | store.backend: bad value 'redis' (expected one of sqlite)
            store: {sqlite: {synchronous: off}}             | store.sqlite.synchronous: bad value 'off' (expected one of full, normal)
            store: {sqlite: {paht: x}}                      | store.sqlite.paht: unknown key
            retention: {ledger_days: 0}                     | retention.ledger_days: bad value '0' (expected an integer from 1 to 3650)
            retention: {events_days: 'ninety'}              | retention.events_days: bad value 'ninety'
            retention: {quarantine_days: 1.5}               | retention.quarantine_days: bad value '1.5'
            batv: {enabled: 'yes'}                          | batv.enabled: bad value 'yes' (expected true or false)
            batv: {domains: example.com}                    | batv.domains: bad value 'example.com' (expected a list of domain names)
            batv: {domains: [ok.example, 'bad domain']}     | batv.domains[1]: bad value 'bad domain' (expected a domain name)
            batv: {mode: lax}                               | batv.mode: bad value 'lax' (expected one of normal, strict)
            batv: {keys: {12: 'abcdefghijklmnopqrstu'}}     | batv.keys.12: bad key number '12' (expected 0 to 9)
            batv: {keys: {1: 'short'}}                      | batv.keys.1: bad value (hidden) (expected a secret of at least 16 characters)
            batv: {keys: [a]}                               | batv.keys: bad value (expected a mapping
            batv: {keys: {1: 'abcdefghijklmnopqrstu'}, signing_key: 2} | batv.signing_key: bad value '2' (no such key under batv.keys; have [1])
            batv: {signing_key: 10}                         | batv.signing_key: bad value '10' (expected a key number from 0 to 9)
            batv: {validity_days: 1000}                     | batv.validity_days: bad value '1000' (expected an integer from 1 to 365)
            inbound: {relays: ['mx 1']}                     | inbound.relays[0]: bad value 'mx 1'
            inbound: {relays: ['10.0.0.0/40']}              | inbound.relays[0]: bad value '10.0.0.0/40'
            inbound: {dkim: {selector: s1}}                 | inbound.dkim.domain: missing (selector and domain are set together)
            inbound: {spf: {enabled: 1}}                    | inbound.spf.enabled: bad value '1' (expected true or false)
            inbound: {dns: {timeout_ms: -5}}                | inbound.dns.timeout_ms: bad value '-5'
            inbound: {dns: {resolver: 'dns.example'}}       | inbound.dns.resolver: bad value 'dns.example' (expected HOST:PORT
            inbound: {dnsbl: {zones: [[x]]}}                | inbound.dnsbl.zones[0]: bad value '<list>' (expected a domain name)
            inbound: {actions: {unknown: drop}}             | inbound.actions.unknown: bad value 'drop' (expected one of deliver, quarantine, reject, discard, hold)
            inbound: {actions: {genuin: deliver}}           | inbound.actions.genuin: unknown key
            inbound: {quarantine: {release_command: sendmail}} | inbound.quarantine.release_command: bad value 'sendmail' (expected an absolute path)
            outbound: {admin_email: 'not an address'}       | outbound.admin_email: bad value 'not an address' (expected an address local@domain)
            outbound: {webhook_url: 'ftp://x.example/secret'} | outbound.webhook_url: bad value 'ftp://x.example/********' (expected an http:// or https:// URL)
            outbound: {policy_file: ''}                     | outbound.policy_file: bad value '' (expected a non-empty string)
            logging: {level: verbose}                       | logging.level: bad value 'verbose' (expected one of error, warn, info, debug, trace)
            data_dir: [a]                                   | data_dir: bad value '<list>' (expected a non-empty string)
            """)
    void badValuesNameTheKey(String yaml, String expected) {
        assertThatThrownBy(() -> BackstopConfig.parse(yaml, "test.yml"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(expected);
    }

    @Test
    void secretNeverAppearsInAnError() {
        assertThatThrownBy(() -> BackstopConfig.parse("batv: {keys: {3: 'topsecret'}}", "t"))
                .isInstanceOf(ConfigException.class).message().doesNotContain("topsecret");
    }

    @Test
    void yamlProblemsNameTheFileAndLine() throws Exception {
        assertThatThrownBy(() -> BackstopConfig.parse("milter:\n  listen: [unclosed\n", "conf.yml"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("conf.yml: not valid YAML")
                .hasMessageContaining("line");
        assertThatThrownBy(() -> BackstopConfig.parse("web: {listen: 'a:1'}\nweb: {listen: 'b:2'}\n", "dup.yml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dup.yml").hasMessageContaining("web");
        assertThatThrownBy(() -> BackstopConfig.parse("- a\n- b\n", "list.yml"))
                .isInstanceOf(ConfigException.class).hasMessage("list.yml: the top level must be a mapping of keys, not a list");
        // safe loading: a class tag is not instantiated, only refused
        assertThatThrownBy(() -> BackstopConfig.parse("data_dir: !!java.io.File /etc\n", "tag.yml"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("tag.yml: not valid YAML");
        assertThatThrownBy(() -> BackstopConfig.load(dir.resolve("missing.yml")))
                .isInstanceOf(ConfigException.class).hasMessageEndingWith("missing.yml: no such file");
    }

    @Test
    void emptyFileMeansDefaults() throws Exception {
        Path f = dir.resolve("empty.yml");
        Files.writeString(f, "# nothing\n");
        assertThat(BackstopConfig.load(f)).isEqualTo(BackstopConfig.defaults());
    }
}
