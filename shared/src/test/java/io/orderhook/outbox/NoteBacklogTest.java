package io.orderhook.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.orderhook.schedule.ScheduledJob;
import io.orderhook.store.NoteStore;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;

class NoteBacklogTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final NoteStore notes = new NoteStore(DynamoDbLocal.shared().client(),
            DynamoDbLocal.shared().newTable("backlog", TableDefinition::create));
    private final NoteBacklog job = new NoteBacklog(notes);

    private void note(String shop, String order, Instant created, boolean delivered) {
        Note note = Note.create(shop, order, created, "text", Level.INFO, false, null, Map.of(), created.plusSeconds(30));
        notes.record(List.of(delivered ? note.deliveredAs("77") : note.retryAt(created.plusSeconds(600), "shop unavailable")),
                List.of());
    }

    @Test
    void anEmptyOutboxCountsNothing() {
        ScheduledJob.Report report = job.run(NOW);

        assertEquals(Map.of(NoteBacklog.PENDING, 0L, NoteBacklog.OVER_AN_HOUR, 0L, NoteBacklog.OLDEST_AGE, 0L), report.counts());
        assertEquals(List.of(), report.problems());
    }

    @Test
    void notesWaitingOverAnHourAreCountedPerShopAndDeliveredOnesNotAtAll() {
        note("a", "1", NOW.minus(Duration.ofMinutes(90)), false);
        note("a", "2", NOW.minus(Duration.ofMinutes(61)), false);
        note("b", "3", NOW.minus(Duration.ofMinutes(59)), false);
        note("b", "4", NOW.minus(Duration.ofHours(5)), true);

        ScheduledJob.Report report = job.run(NOW);

        assertEquals(3L, report.counts().get(NoteBacklog.PENDING));
        assertEquals(2L, report.counts().get(NoteBacklog.OVER_AN_HOUR));
        assertEquals(90L * 60, report.counts().get(NoteBacklog.OLDEST_AGE));
        assertEquals(1, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().get(0).startsWith("2 note(s) of shop a have waited over an hour"), report.problems().get(0));
    }
}
