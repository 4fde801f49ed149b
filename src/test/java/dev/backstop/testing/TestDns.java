package dev.backstop.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server for tests on 127.0.0.1, UDP and TCP on the same port (chosen free). It answers
 * the records the test added (authoritatively), NODATA for a known name without that type, NXDOMAIN for
 * everything else; it counts queries and can be told to answer SERVFAIL for a name or not to answer at all (for
 * timeout tests). Thread-safe.
 */
public final class TestDns implements AutoCloseable {

  private static final long TTL = 60;

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final ExecutorService pool;
  private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
  private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
  private final Set<Name> silentNames = ConcurrentHashMap.newKeySet();
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private volatile boolean silent;
  private volatile boolean closed;

  private TestDns(DatagramSocket udp, ServerSocket tcp) {
    this.udp = udp;
    this.tcp = tcp;
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-dns-" + udp.getLocalPort());
      t.setDaemon(true);
      return t;
    });
    pool.execute(this::udpLoop);
    pool.execute(this::tcpLoop);
  }

  /** Binds UDP and TCP on one free 127.0.0.1 port. */
  public static TestDns start() {
    InetAddress lo = InetAddress.getLoopbackAddress();
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      DatagramSocket u = null;
      try {
        u = new DatagramSocket(new InetSocketAddress(lo, 0));
        ServerSocket t = new ServerSocket(u.getLocalPort(), 50, lo);
        return new TestDns(u, t);
      } catch (IOException e) {
        last = e;
        if (u != null) {
          u.close();
        }
      }
    }
    throw new UncheckedIOException("cannot bind UDP and TCP on one loopback port", last);
  }

  public int port() {
    return udp.getLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
  }

  /** Adds any record (its name must be absolute). */
  public TestDns add(Record r) {
    records.computeIfAbsent(r.getName(), n -> new CopyOnWriteArrayList<>()).add(r);
    return this;
  }

  /**
   * A TXT record, e.g. {@code txt("example.com", "v=spf1 ip4:192.0.2.1 -all")}; several strings make one record
   * of several character-strings, as long SPF records are published.
   */
  public TestDns txt(String name, String... strings) {
    return add(new TXTRecord(name(name), DClass.IN, TTL, java.util.List.of(strings)));
  }

  /** An A or AAAA record, depending on the address. */
  public TestDns a(String name, String ip) {
    InetAddress addr = literal(ip);
    return add(addr.getAddress().length == 4
        ? new ARecord(name(name), DClass.IN, TTL, addr)
        : new AAAARecord(name(name), DClass.IN, TTL, addr));
  }

  public TestDns mx(String name, int priority, String host) {
    return add(new MXRecord(name(name), DClass.IN, TTL, priority, name(host)));
  }

  /** A PTR record for an IP address ({@code 192.0.2.1} becomes {@code 1.2.0.192.in-addr.arpa.}). */
  public TestDns ptr(String ip, String host) {
    return add(new PTRRecord(ReverseMap.fromAddress(literal(ip)), DClass.IN, TTL, name(host)));
  }

  /** Answers SERVFAIL for this name (any type), as a broken authoritative server would. */
  public TestDns servfail(String name) {
    servfail.add(name(name));
    return this;
  }

  /** Queries for this name (any type) are counted but never answered, so clients time out. */
  public TestDns silent(String name) {
    silentNames.add(name(name));
    return this;
  }

  /** While silent, queries are counted but not answered, so clients time out. */
  public TestDns silent(boolean silent) {
    this.silent = silent;
    return this;
  }

  /** Removes all records and SERVFAIL names and forgets the queries. */
  public void clear() {
    records.clear();
    silentNames.clear();
    servfail.clear();
    queries.clear();
  }

  /** The queries received so far, as {@code "name/TYPE"} (e.g. {@code "example.com./TXT"}). */
  public List<String> queries() {
    return List.copyOf(queries);
  }

  public int queryCount() {
    return queries.size();
  }

  public long queryCount(String name, int type) {
    String key = name(name) + "/" + Type.string(type);
    return queries.stream().filter(key::equalsIgnoreCase).count();
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // closing anyway
    }
    pool.shutdownNow();
  }

  /** Builds the reply to one query, or null to stay silent. Package-private for unit tests. */
  Message answer(Message query) {
    Record q = query.getQuestion();
    queries.add(q == null ? "?" : q.getName() + "/" + Type.string(q.getType()));
    if (silent || (q != null && silentNames.contains(q.getName()))) {
      return null;
    }
    Message r = new Message(query.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    if (query.getHeader().getFlag(Flags.RD)) {
      r.getHeader().setFlag(Flags.RD);
    }
    if (query.getOPT() != null) {
      r.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    }
    if (q == null || query.getHeader().getOpcode() != Opcode.QUERY) {
      r.getHeader().setRcode(Rcode.FORMERR);
      return r;
    }
    r.addRecord(q, Section.QUESTION);
    Name name = q.getName();
    if (servfail.contains(name)) {
      r.getHeader().setRcode(Rcode.SERVFAIL);
      return r;
    }
    r.getHeader().setFlag(Flags.AA);
    List<Record> all = records.getOrDefault(name, List.of());
    for (Record rec : all) {
      if (q.getType() == Type.ANY || rec.getType() == q.getType()) {
        r.addRecord(rec, Section.ANSWER);
      }
    }
    if (all.isEmpty() && records.keySet().stream().noneMatch(n -> n.subdomain(name))) {
      r.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    return r;
  }

  private void udpLoop() {
    byte[] buf = new byte[65535];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(p);
        Message query = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        Message reply = answer(query);
        if (reply != null) {
          int max = query.getOPT() != null ? Math.max(512, query.getOPT().getPayloadSize()) : 512;
          byte[] wire = reply.toWire(max);
          udp.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
        }
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        // an unparsable datagram is dropped, as a real server would
      }
    }
  }

  private void tcpLoop() {
    while (!closed) {
      try {
        Socket s = tcp.accept();
        pool.execute(() -> tcpSession(s));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void tcpSession(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      while (true) {
        int len;
        try {
          len = in.readUnsignedShort();
        } catch (EOFException e) {
          return;
        }
        byte[] q = new byte[len];
        in.readFully(q);
        Message reply = answer(new Message(q));
        if (reply != null) {
          byte[] wire = reply.toWire(65535);
          out.writeShort(wire.length);
          out.write(wire);
          out.flush();
        }
      }
    } catch (IOException e) {
      // client gone or garbage: end the session
    }
  }

  private static Name name(String n) {
    try {
      return Name.fromString(n.endsWith(".") ? n : n + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad DNS name: " + n, e);
    }
  }

  private static InetAddress literal(String ip) {
    if (!ip.matches("[0-9.]+|[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("not an IP address literal: " + ip);
    }
    try {
      return InetAddress.getByName(ip);
    } catch (IOException e) {
      throw new IllegalArgumentException("not an IP address literal: " + ip, e);
    }
  }

  /** For diagnostics in failed assertions. */
  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    records.forEach((n, l) -> l.forEach(r -> names.add(r.toString())));
    return "TestDns[127.0.0.1:" + port() + ", " + names + "]";
  }
}
