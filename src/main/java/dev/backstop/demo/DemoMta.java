package dev.backstop.demo;

import dev.backstop.mta.MailQueue;
import dev.backstop.mta.MailSubmitter;
import dev.backstop.mta.QueueListing;
import dev.backstop.mta.QueueResult;
import dev.backstop.mta.QueuedMessage;
import dev.backstop.mta.Sendmail;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The demo's stand-in for Postfix: a hold queue in memory and a count of what it "delivered". What the milter
 * lets through is delivered, what it quarantines waits in the hold queue until released (delivered) or deleted;
 * Backstop's own quarantine releases through {@link #submit}. Nothing leaves the process. Thread-safe.
 */
public final class DemoMta implements MailQueue, MailSubmitter {
    /** Postfix's short queue ids: ten upper-case hex digits here. */
    private static final Pattern QUEUE_ID = Pattern.compile("[0-9A-F]{10}");

    private final Clock clock;
    private final Map<String, QueuedMessage> held = new LinkedHashMap<>();
    private final List<String> delivered = new ArrayList<>();
    private int deleted;
    private long nextId = 0x4A00000000L;

    public DemoMta(Clock clock) {
        this.clock = clock;
    }

    /** A fresh queue id, as Postfix's cleanup assigns one to each message. */
    public synchronized String newQueueId() {
        return String.format("%010X", nextId++);
    }

    /** The milter let a message through: it is "delivered". */
    public synchronized void deliver(String what) {
        delivered.add(what);
    }

    /** The milter quarantined a message: it waits in the hold queue. */
    public synchronized void putOnHold(String queueId, String sender, List<String> recipients) {
        held.put(queueId, new QueuedMessage(queueId, "hold", sender, List.copyOf(recipients), clock.instant(), 0));
    }

    public synchronized int heldCount() {
        return held.size();
    }

    public synchronized int deliveredCount() {
        return delivered.size();
    }

    /** What was delivered, oldest first (a line each: queue id or "released", sender, recipients). */
    public synchronized List<String> delivered() {
        return List.copyOf(delivered);
    }

    public synchronized int deletedCount() {
        return deleted;
    }

    @Override
    public synchronized QueueResult hold(List<String> queueIds) {
        return checked("hold", queueIds, () -> 0); // holding happens at end of message, through the milter
    }

    @Override
    public synchronized QueueResult release(List<String> queueIds) {
        return checked("release", queueIds, () -> {
            int n = 0;
            for (String id : queueIds) {
                QueuedMessage m = held.remove(id);
                if (m != null) {
                    delivered.add(id + " " + m.sender() + " -> " + String.join(",", m.recipients()));
                    n++;
                }
            }
            return n;
        });
    }

    @Override
    public synchronized QueueResult delete(List<String> queueIds) {
        return checked("delete", queueIds, () -> {
            int n = 0;
            for (String id : queueIds) {
                if (held.remove(id) != null) {
                    n++;
                }
            }
            deleted += n;
            return n;
        });
    }

    @Override
    public synchronized QueueListing list() {
        return new QueueListing.Listed(new ArrayList<>(held.values()), false);
    }

    @Override
    public boolean isQueueId(String id) {
        return id != null && QUEUE_ID.matcher(id).matches();
    }

    @Override
    public synchronized void submit(byte[] raw, String sender, List<String> recipients) throws Sendmail.SendmailException {
        if (recipients.isEmpty()) {
            throw new Sendmail.SendmailException("no recipients");
        }
        delivered.add("released " + (sender.isEmpty() ? "<>" : sender) + " -> " + String.join(",", recipients));
    }

    private QueueResult checked(String action, List<String> ids, java.util.function.IntSupplier work) {
        QueueResult.Refused refused = MailQueue.refusal(ids, this::isQueueId);
        if (refused != null) {
            return refused;
        }
        return new QueueResult.Done(action, ids.size(), work.getAsInt(), "");
    }
}
