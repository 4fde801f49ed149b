package dev.backstop.store;

import dev.backstop.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainmentStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

    @TempDir
    Path dir;

    private SqliteStore open() {
        return SqliteStore.open(dir.resolve("b.db"), new MutableClock(T0), Retention.DEFAULT, Durability.FULL);
    }

    private static IncidentRecord incident(long id, long messages, long held) {
        return new IncidentRecord(id, "script 33:/x.php", "messages_10m 31 > 30", true, T0, T0.plusSeconds(messages),
                messages, held, messages, 31, "a.example " + messages, "Win", "Subject: Win", null, null);
    }

    @Test
    void marksIncidentsHeldIdsAndAlertsSurviveReopen() {
        long id;
        try (SqliteStore s = open()) {
            s.sourceMarks().setFrozen("script 33:/x.php", true, "backstop", "messages_10m 31 > 30");
            s.sourceMarks().setAllowed("sasl list@example.com", true, "alice", "");
            s.sourceMarks().setFrozen("ip 192.0.2.1", true, "bob", "");
            s.sourceMarks().setFrozen("ip 192.0.2.1", false, "bob", ""); // both marks off: the row goes
            id = s.incidents().open(incident(0, 0, 0));
            s.incidents().update(incident(id, 5, 4));
            s.incidents().update(incident(id, 3, 2)); // an older copy does not win
            s.incidents().addHeld(id, "AAAAA00001", T0);
            s.incidents().addHeld(id, "AAAAA00002", T0.plusSeconds(1));
            s.incidents().addHeld(id, "AAAAA00001", T0.plusSeconds(2));
            assertThat(s.incidents().markAlerted(id, "opened", T0)).isTrue();
            assertThat(s.incidents().markAlerted(id, "opened", T0)).isFalse();
        }
        try (SqliteStore s = open()) {
            assertThat(s.schemaVersion()).isEqualTo(3);
            assertThat(s.sourceMarks().all()).extracting(m -> m.source() + " " + m.frozen() + " " + m.allowed() + " " + m.actor())
                    .containsExactly("sasl list@example.com false true alice", "script 33:/x.php true false backstop");
            IncidentRecord r = s.incidents().get(id).orElseThrow();
            assertThat(r.messages()).isEqualTo(5);
            assertThat(r.held()).isEqualTo(4);
            assertThat(r.topDomains()).isEqualTo("a.example 5");
            assertThat(r.open()).isTrue();
            assertThat(s.incidents().queueIds(id, HeldState.HELD)).containsExactly("AAAAA00001", "AAAAA00002");
            assertThat(s.incidents().markAlerted(id, "opened", T0)).isFalse();
            assertThat(s.incidents().setHeldState(id, List.of("AAAAA00001", "NOTHERE01"), HeldState.RELEASED)).isEqualTo(1);
            assertThat(s.incidents().queueIds(id, HeldState.HELD)).containsExactly("AAAAA00002");
            assertThat(s.incidents().resolve(id, "alice", T0.plusSeconds(60))).isTrue();
            assertThat(s.incidents().resolve(id, "alice", T0.plusSeconds(61))).isFalse();
            assertThat(s.incidents().list(true, 10)).isEmpty();
            assertThat(s.incidents().list(false, 10)).singleElement()
                    .satisfies(x -> assertThat(x.resolvedBy()).isEqualTo("alice"));
        }
    }
}
