package dev.backstop.web;

import dev.backstop.mta.MailQueue;
import dev.backstop.mta.QueueListing;
import dev.backstop.mta.QueueResult;
import java.util.ArrayList;
import java.util.List;

/** A stand-in MTA queue that records each call and answers Done, or Failed when told to fail. */
final class RecordingQueue implements MailQueue {
    final List<String> calls = new ArrayList<>();
    volatile boolean fail;

    private synchronized QueueResult record(String action, List<String> ids) {
        calls.add(action + " " + String.join(",", ids));
        return fail ? new QueueResult.Failed(action, 1, "postsuper: fatal: test failure")
                : new QueueResult.Done(action, ids.size(), ids.size(), "");
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
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
        return id.matches("[0-9A-F]{6,}");
    }
}
