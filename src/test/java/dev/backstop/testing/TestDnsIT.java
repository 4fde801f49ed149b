package dev.backstop.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Queries {@link TestDns} over UDP and TCP with dnsjava's own resolver. */
class TestDnsIT {

  private TestDns dns;
  private SimpleResolver resolver;

  @BeforeEach
  void start() throws IOException {
    dns = TestDns.start();
    resolver = new SimpleResolver(dns.address());
    resolver.setTimeout(Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void answersAddedRecordsAuthoritatively() throws IOException {
    dns.txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all").mx("example.org", 10, "mx.example.org")
        .a("mx.example.org", "192.0.2.25").ptr("192.0.2.25", "mx.example.org");

    Message txt = query("example.org.", Type.TXT);
    assertThat(txt.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(txt.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(txt.getSection(Section.ANSWER)).singleElement()
        .satisfies(r -> assertThat(((TXTRecord) r).getStrings()).containsExactly("v=spf1 ip4:192.0.2.0/24 -all"));

    List<Record> mx = query("EXAMPLE.org.", Type.MX).getSection(Section.ANSWER);
    assertThat(mx).singleElement().satisfies(r -> {
      assertThat(((MXRecord) r).getPriority()).isEqualTo(10);
      // names compare case-insensitively; compression may reuse the question's spelling
      assertThat(((MXRecord) r).getTarget()).isEqualTo(Name.fromConstantString("mx.example.org."));
    });
    Name reverse = ReverseMap.fromAddress("192.0.2.25");
    assertThat(query(reverse.toString(), Type.PTR).getSection(Section.ANSWER)).singleElement()
        .satisfies(r -> assertThat(((PTRRecord) r).getTarget()).isEqualTo(Name.fromConstantString("mx.example.org.")));
    assertThat(dns.queryCount("example.org", Type.TXT)).isEqualTo(1);
    assertThat(dns.queryCount("example.org", Type.MX)).isEqualTo(1);
  }

  @Test
  void unknownNamesAreNxdomainAndKnownNamesWithoutTheTypeAreNodata() throws IOException {
    dns.a("host.example.org", "192.0.2.7");

    assertThat(query("nothing.example.org.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    Message nodata = query("host.example.org.", Type.TXT);
    assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
    // an empty non-terminal exists, so it is NODATA, not NXDOMAIN
    assertThat(query("example.org.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(dns.queryCount()).isEqualTo(3);
  }

  @Test
  void aTooBigUdpAnswerIsTruncatedAndTheResolverRetriesOverTcp() throws IOException {
    for (int i = 0; i < 30; i++) {
      dns.txt("big.example.org", "record " + i + " " + "x".repeat(200));
    }
    Message m = query("big.example.org.", Type.TXT);
    assertThat(m.getSection(Section.ANSWER)).hasSize(30);
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    // one truncated UDP answer, then the same question over TCP
    assertThat(dns.queryCount("big.example.org", Type.TXT)).isEqualTo(2);

    resolver.setTCP(true);
    assertThat(query("big.example.org.", Type.TXT).getSection(Section.ANSWER)).hasSize(30);
  }

  @Test
  void servfailAndSilenceCanBeOrdered() throws IOException {
    dns.txt("broken.example.org", "v=spf1 -all").servfail("broken.example.org");
    assertThat(query("broken.example.org.", Type.TXT).getRcode()).isEqualTo(Rcode.SERVFAIL);

    dns.silent(true);
    resolver.setTimeout(Duration.ofMillis(300));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> query("broken.example.org.", Type.TXT)).isInstanceOf(IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(dns.queryCount("broken.example.org", Type.TXT)).isGreaterThanOrEqualTo(2);

    dns.silent(false);
    assertThat(query("broken.example.org.", Type.TXT).getRcode()).isEqualTo(Rcode.SERVFAIL);
  }

  private Message query(String name, int type) throws IOException {
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }
}
