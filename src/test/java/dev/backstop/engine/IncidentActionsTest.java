package dev.backstop.engine;

import dev.backstop.testing.RecordingQueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.BackstopConfig;
import dev.backstop.mta.QueueResult;
import dev.backstop.outbound.Containment;
import dev.backstop.outbound.OutgoingMessage;
import dev.backstop.outbound.Source;
import dev.backstop.store.SqliteStore;
import dev.backstop.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentActionsTest {
    static final Source RUNAWAY = new Source(Source.Kind.SASL, "mallory@example.com");

    @Test
    void purgeAndReleaseAskTheMtaFirstAndRecordOnlyWhatItDid(@TempDir Path dir) throws Exception {
        BackstopConfig c = BackstopConfig.parse("data_dir: " + dir.resolve("data") + "\n", "test");
        Files.createDirectories(c.dataDir());
        try (Store store = SqliteStore.fromConfig(c, Clock.systemUTC());
             Containment containment = Containment.fromConfig(null, store, null, "test.example", Clock.systemUTC())) {
            long id = containment.freeze(RUNAWAY, "alice").id();
            for (String q : List.of("4AAA0001", "4AAA0002", "4AAA0003")) {
                containment.observe(new OutgoingMessage(RUNAWAY, "mallory@example.com", List.of("v@victim.example"),
                        "spam", 1, q, Instant.now(), "Subject: spam"));
            }
            RecordingQueue queue = new RecordingQueue();
            IncidentActions actions = new IncidentActions(containment, queue);

            assertThat(actions.release(id, List.of("4AAA9999"), "alice").ok()).as("not held").isFalse();
            assertThat(queue.calls()).isEmpty();

            queue.answer(new QueueResult.Failed("release", 1, "postsuper: fatal"));
            IncidentActions.Outcome failed = actions.release(id, List.of("4AAA0001"), "alice");
            assertThat(failed.ok()).isFalse();
            assertThat(failed.message()).contains("postsuper: fatal");
            assertThat(containment.heldQueueIds(id)).hasSize(3);

            queue.answer(null);
            assertThat(actions.release(id, List.of("4AAA0001"), "alice").ok()).isTrue();
            assertThat(containment.heldQueueIds(id)).containsExactly("4AAA0002", "4AAA0003");
            IncidentActions.Outcome purged = actions.purge(id, "bob");
            assertThat(purged.message()).contains("purged 2");
            assertThat(queue.calls()).containsExactly("release 4AAA0001", "release 4AAA0001", "delete 4AAA0002,4AAA0003");
            assertThat(containment.heldQueueIds(id)).isEmpty();
            assertThat(actions.purge(id, "bob").message()).contains("nothing held");

            assertThat(actions.unfreeze(id, "carol").ok()).isTrue();
            assertThat(containment.isFrozen(RUNAWAY)).isFalse();
            assertThat(actions.unfreeze(id, "carol").ok()).as("already resolved").isFalse();
            assertThat(actions.purge(999, "bob").ok()).isFalse();
            assertThat(store.audit().recent(20)).extracting(a -> a.actor() + " " + a.action())
                    .contains("alice incident.release", "bob incident.purge", "carol incident.resolve")
                    .doesNotContain("alice incident.purge");
        }
    }
}
