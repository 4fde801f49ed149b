package dev.backstop.engine;

import dev.backstop.mta.MailSubmitter;
import dev.backstop.mta.Sendmail;
import dev.backstop.store.QuarantineItem;
import dev.backstop.store.QuarantineStatus;
import dev.backstop.store.QuarantinedMessage;
import dev.backstop.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Releases and deletes quarantined messages for an admin (command line or dashboard), and audits each action.
 * A message is marked released only after the MTA took it, so a failed hand-over leaves it held.
 */
public final class QuarantineRelease {

    /** What became of one release or delete. */
    public sealed interface Result {
        /** True when the message left the quarantine by this call. */
        default boolean ok() {
            return this instanceof Done;
        }

        /** For the admin: empty when done, else why not. */
        String problem();

        record Done() implements Result {
            @Override
            public String problem() {
                return "";
            }
        }

        record NotFound() implements Result {
            @Override
            public String problem() {
                return "no such message";
            }
        }

        record NotHeld(QuarantineStatus status) implements Result {
            @Override
            public String problem() {
                return "not held (" + status.name().toLowerCase(Locale.ROOT) + ")";
            }
        }

        /** The MTA refused or failed; the message is still held. */
        record Failed(String reason) implements Result {
            @Override
            public String problem() {
                return "release failed, still held: " + reason;
            }
        }

        /** Another admin released it at the same moment; the MTA may have it twice. */
        record Raced() implements Result {
            @Override
            public String problem() {
                return "released, but another release happened at the same time";
            }
        }
    }

    private final Store store;
    private final MailSubmitter sendmail;

    public QuarantineRelease(Store store, MailSubmitter sendmail) {
        this.store = Objects.requireNonNull(store, "store");
        this.sendmail = Objects.requireNonNull(sendmail, "sendmail");
    }

    /** Re-injects one held message to its original recipients through the local MTA. */
    public Result release(long id, String actor) {
        Optional<QuarantinedMessage> m = store.quarantine().get(id);
        if (m.isEmpty()) {
            return new Result.NotFound();
        }
        QuarantineItem i = m.get().item();
        if (i.status() != QuarantineStatus.HELD) {
            return new Result.NotHeld(i.status());
        }
        try {
            sendmail.submit(withReleaseHeader(m.get().raw(), id, actor), i.envelopeSender(), i.recipients());
        } catch (Sendmail.SendmailException e) {
            return new Result.Failed(e.getMessage());
        }
        if (!store.quarantine().markReleased(id, actor)) {
            return new Result.Raced();
        }
        store.audit().record(actor, "quarantine.release", Long.toString(id));
        return new Result.Done();
    }

    /** Deletes one held message for good. */
    public Result delete(long id, String actor) {
        if (store.quarantine().delete(id, actor)) {
            store.audit().record(actor, "quarantine.delete", Long.toString(id));
            return new Result.Done();
        }
        return store.quarantine().get(id).<Result>map(m -> new Result.NotHeld(m.item().status()))
                .orElseGet(Result.NotFound::new);
    }

    /** Tells our own milter that this message was judged already (honoured for local submissions only). */
    static byte[] withReleaseHeader(byte[] raw, long id, String actor) {
        byte[] h = ("X-Backstop-Released: " + id + " by " + actor.replaceAll("[\\r\\n]", " ") + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + raw.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(raw, 0, out, h.length, raw.length);
        return out;
    }
}
