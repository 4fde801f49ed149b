package dev.backstop.mta;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Joins the lines of one queued message, which the MTA logs from several processes, into a {@link Submission}
 * (once per message: who sent it) and a {@link DeliveryOutcome} per delivery attempt. Pure: no clock, no I/O; the
 * events' own times are used. Memory is bounded: at most {@code maxInFlight} messages are remembered (the least
 * recently seen is dropped, and counted, when more are in flight). Not thread-safe: one log reader feeds it.
 */
public final class DeliveryTracker {

    /** Receives what the tracker joins. */
    public interface Listener {
        void submission(Submission s);

        void outcome(DeliveryOutcome o);
    }

    /** How long an Exim {@code cwd=} line waits for its arrival when neither has a pid to match by. */
    private static final Duration CWD_WINDOW = Duration.ofSeconds(5);
    private static final int MAX_PENDING_CWD = 64;

    private static final class InFlight {
        String host = "";
        String sender = "";
        long uid = -1;
        String localUser = "";
        String cwd = "";
        String command = "";
        String protocol = "";
        String saslUser = "";
        String clientIp = "";
        String clientName = "";
        String messageId = "";
        String bounceOf = "";
        Instant arrived;
        boolean queued; // qmgr or Exim arrival seen: the envelope is complete
        Submission submission;
    }

    private final int maxInFlight;
    private final Listener listener;
    private final Map<String, InFlight> inFlight;
    private final Deque<LogEvent.WorkingDirectory> pendingCwd = new ArrayDeque<>();
    private long evicted;

    public DeliveryTracker(int maxInFlight, Listener listener) {
        if (maxInFlight < 16) {
            throw new IllegalArgumentException("maxInFlight must be >= 16, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.inFlight = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, InFlight> eldest) {
                if (size() > DeliveryTracker.this.maxInFlight) {
                    evicted++;
                    return true;
                }
                return false;
            }
        };
    }

    /** Messages currently remembered. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Messages forgotten before they left the queue because too many were in flight. */
    public long evicted() {
        return evicted;
    }

    public void accept(LogEvent event) {
        if (event instanceof LogEvent.LocalPickup p) {
            InFlight m = entry(p);
            m.uid = p.uid();
            m.sender = p.sender();
            m.protocol = "local";
            m.arrived = p.time();
        } else if (event instanceof LogEvent.ClientSubmission c) {
            InFlight m = entry(c);
            m.clientIp = c.clientIp();
            m.clientName = c.clientName();
            m.saslUser = c.saslUser();
            m.protocol = c.saslUser().isEmpty() ? "smtp" : "smtp+sasl";
            m.arrived = c.time();
        } else if (event instanceof LogEvent.MessageIdSeen i) {
            entry(i).messageId = i.messageId();
        } else if (event instanceof LogEvent.QueueActive q) {
            InFlight m = entry(q);
            m.sender = q.sender();
            if (m.arrived == null) {
                m.arrived = q.time();
            }
            m.queued = true;
            // Postfix logs "sender non-delivery notification: NEW" after NEW is queued: wait for it
            if (!q.sender().isEmpty() || !m.bounceOf.isEmpty()) {
                submit(q.queueId(), m);
            }
        } else if (event instanceof LogEvent.BounceCreated b) {
            InFlight m = entry(b.bounceQueueId(), b.host());
            m.bounceOf = b.queueId();
            if (m.queued) {
                submit(b.bounceQueueId(), m);
            }
        } else if (event instanceof LogEvent.WorkingDirectory w) {
            if (!isEximInternal(w.arguments())) {
                if (pendingCwd.size() == MAX_PENDING_CWD) {
                    pendingCwd.removeFirst();
                }
                pendingCwd.addLast(w);
            }
        } else if (event instanceof LogEvent.Arrival a) {
            arrival(a);
        } else if (event instanceof LogEvent.Delivery d) {
            InFlight m = inFlight.get(d.queueId());
            if (m != null && m.queued) {
                submit(d.queueId(), m);
            }
            listener.outcome(new DeliveryOutcome(d.time(), d.host(), d.queueId(), d.recipient(),
                    d.origRecipient(), d.status(), d.dsn(), d.detail(), d.relay(),
                    Optional.ofNullable(m == null ? null : m.submission)));
        } else if (event instanceof LogEvent.Removed r) {
            InFlight m = inFlight.remove(r.queueId());
            if (m != null && m.queued) {
                submit(r.queueId(), m);
            }
        }
        // Held and Released change nothing the listener is told
    }

    private void arrival(LogEvent.Arrival a) {
        InFlight m = entry(a);
        m.sender = a.sender();
        m.localUser = a.localUser();
        m.protocol = a.protocol();
        m.saslUser = a.authUser();
        m.clientIp = a.clientIp();
        m.clientName = a.clientName();
        m.messageId = a.messageId();
        m.bounceOf = a.bounceOf();
        m.arrived = a.time();
        m.queued = true;
        if (a.protocol().startsWith("local")) {
            LogEvent.WorkingDirectory w = takeCwd(a);
            if (w != null) {
                m.cwd = w.cwd();
                m.command = w.arguments();
            }
        }
        submit(a.queueId(), m);
    }

    /** The cwd= line of the same process, or else the latest recent one (Exim logs it just before {@code <=}). */
    private LogEvent.WorkingDirectory takeCwd(LogEvent.Arrival a) {
        LogEvent.WorkingDirectory found = null;
        if (a.pid() >= 0) {
            for (LogEvent.WorkingDirectory w : pendingCwd) {
                if (w.pid() == a.pid()) {
                    found = w;
                }
            }
        }
        if (found == null) {
            Iterator<LogEvent.WorkingDirectory> it = pendingCwd.descendingIterator();
            while (it.hasNext()) {
                LogEvent.WorkingDirectory w = it.next();
                if ((w.pid() < 0 || a.pid() < 0)
                        && !w.time().isAfter(a.time()) && Duration.between(w.time(), a.time()).compareTo(CWD_WINDOW) <= 0) {
                    found = w;
                    break;
                }
            }
        }
        if (found != null) {
            pendingCwd.remove(found);
        }
        return found;
    }

    /** Exim re-executing itself (delivery of a queued message, queue runs): not a submission. */
    private static boolean isEximInternal(String args) {
        return args.matches(".*\\s-(?:Mc|MC|q\\S*|bd|Mrm|Mf|Mt|bp\\S*)(?:\\s.*)?");
    }

    private void submit(String queueId, InFlight m) {
        if (m.submission != null) {
            return;
        }
        m.submission = new Submission(m.arrived, m.host, queueId, m.sender, m.uid, m.localUser, m.cwd, m.command,
                m.protocol, m.saslUser, m.clientIp, m.clientName, m.messageId, m.bounceOf);
        listener.submission(m.submission);
    }

    private InFlight entry(LogEvent e) {
        return entry(e.queueId(), e.host());
    }

    private InFlight entry(String queueId, String host) {
        InFlight m = inFlight.get(queueId);
        if (m == null) {
            m = new InFlight();
            m.host = host;
            inFlight.put(queueId, m);
        }
        return m;
    }
}
