package dev.backstop.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative-looking DNS server on 127.0.0.1 and an ephemeral UDP port, for integration tests. It
 * answers from a table: records of the asked type, NOERROR/no data for a known name, NXDOMAIN otherwise;
 * names marked {@link #silent} get no reply at all (a timeout), names marked {@link #servfail} SERVFAIL.
 */
public final class LoopbackDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile boolean running = true;

    public LoopbackDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "loopback-dns-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort());
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private LoopbackDnsServer add(Record r) {
        zone.computeIfAbsent(r.getName(), k -> new CopyOnWriteArrayList<>()).add(r);
        return this;
    }

    public LoopbackDnsServer txt(String owner, String... strings) {
        return add(new TXTRecord(name(owner), DClass.IN, 60, List.of(strings)));
    }

    public LoopbackDnsServer a(String owner, String address) {
        InetAddress a = IpLiteral.parse(address).orElseThrow();
        return add(a instanceof java.net.Inet6Address
                ? new AAAARecord(name(owner), DClass.IN, 60, a)
                : new ARecord(name(owner), DClass.IN, 60, a));
    }

    public LoopbackDnsServer mx(String owner, int preference, String host) {
        return add(new MXRecord(name(owner), DClass.IN, 60, preference, name(host)));
    }

    public LoopbackDnsServer ptr(String address, String host) {
        return add(new PTRRecord(name(IpLiteral.reverseName(IpLiteral.parse(address).orElseThrow())), DClass.IN, 60, name(host)));
    }

    /** Queries for this name are read and never answered. */
    public LoopbackDnsServer silent(String owner) {
        silent.add(name(owner));
        return this;
    }

    public LoopbackDnsServer servfail(String owner) {
        servfail.add(name(owner));
        return this;
    }

    /** "TYPE name" of every query received, in order. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    public int answered() {
        return answered.get();
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            try {
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Record question = query.getQuestion();
                queries.add(Type.string(question.getType()) + " " + question.getName());
                if (silent.contains(question.getName())) {
                    continue;
                }
                byte[] reply = answer(query, question).toWire(512);
                socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                answered.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                // a broken query gets no answer, like from a real server that drops garbage
            }
        }
    }

    private Message answer(Message query, Record question) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
            response.getHeader().setFlag(Flags.RA);
        }
        response.addRecord(question, Section.QUESTION);
        if (servfail.contains(question.getName())) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        List<Record> records = zone.get(question.getName());
        if (records == null) {
            boolean emptyNonTerminal = new ArrayList<>(zone.keySet()).stream()
                    .anyMatch(n -> n.subdomain(question.getName()));
            response.getHeader().setRcode(emptyNonTerminal ? Rcode.NOERROR : Rcode.NXDOMAIN);
            return response;
        }
        for (Record r : records) {
            if (r.getType() == question.getType()) {
                response.addRecord(r, Section.ANSWER);
            }
        }
        return response;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        socket.close();
        thread.join(2000);
    }
}
