package dev.backstop.testing;

import dev.backstop.mta.MailQueue;
import dev.backstop.mta.QueueListing;
import dev.backstop.mta.QueueResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in MTA queue for tests that must not run postsuper: it records each call as {@code "ACTION id,id"}
 * and answers Done, or the answer a test set with {@link #answer(QueueResult)}.
 */
public final class RecordingQueue implements MailQueue {
    private final List<String> calls = new ArrayList<>();
    private volatile QueueResult answer;

    /** From now on every hold, release and delete answers {@code next}; null: Done again. */
    public void answer(QueueResult next) {
        this.answer = next;
    }

    /** The calls so far, e.g. {@code "delete 4ABC0001,4ABC0002"}. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The queue ids of every hold call, in order. */
    public synchronized List<String> held() {
        List<String> ids = new ArrayList<>();
        for (String c : calls) {
            if (c.startsWith("hold ")) {
                ids.addAll(List.of(c.substring(5).split(",")));
            }
        }
        return ids;
    }

    private synchronized QueueResult record(String action, List<String> ids) {
        calls.add(action + " " + String.join(",", ids));
        QueueResult next = answer;
        return next != null ? next : new QueueResult.Done(action, ids.size(), ids.size(), "");
    }

    @Override
    public QueueResult hold(List<String> queueIds) {
        return record("hold", queueIds);
    }

    @Override
    public QueueResult release(List<String> queueIds) {
        return record("release", queueIds);
    }

    @Override
    public QueueResult delete(List<String> queueIds) {
        return record("delete", queueIds);
    }

    @Override
    public QueueListing list() {
        return new QueueResult.Failed("list", -1, "not in tests");
    }

    @Override
    public boolean isQueueId(String id) {
        return id.matches("[0-9A-Za-z][0-9A-Za-z-]{4,31}");
    }
}
