package io.orderhook.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderhook.schedule.ScheduledJob;
import io.orderhook.store.NoteStore;
import io.orderhook.store.NoteStore.Note;

/**
 * The notes no shop has accepted yet, as figures for the alarm "oldest undelivered note over an
 * hour": a merchant who does not get the note does not know a capture failed. The outbox keeps
 * trying each note with backoff; this job only counts, from the outbox index, at most
 * {@value #READ} notes a run (more than that is itself a backlog worth an alarm).
 */
public final class NoteBacklog implements ScheduledJob {
    public static final String NAME = "notes";
    public static final String PENDING = "notes-pending";
    public static final String OVER_AN_HOUR = "notes-waiting-over-an-hour";
    public static final String OLDEST_AGE = "oldest-note-age-seconds";
    static final Duration TOO_OLD = Duration.ofHours(1);
    static final int READ = 1000;
    private static final Instant EVER = Instant.parse("9999-12-31T00:00:00Z");

    private final NoteStore notes;

    public NoteBacklog(NoteStore notes) {
        this.notes = notes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Report run(Instant now) {
        List<Note> pending = notes.due(EVER, READ);
        Instant oldest = pending.stream().map(Note::createdAt).min(Comparator.naturalOrder()).orElse(now);
        Map<String, Long> waitingByShop = new LinkedHashMap<>();
        for (Note note : pending) {
            if (note.createdAt().isBefore(now.minus(TOO_OLD))) {
                waitingByShop.merge(note.shopId(), 1L, Long::sum);
            }
        }
        List<String> problems = new ArrayList<>();
        waitingByShop.forEach((shop, count) -> problems.add(count + " note(s) of shop " + shop
                + " have waited over an hour for the shop to accept them; the outbox keeps trying: check that the shop's"
                + " REST API answers (orderhook status " + shop + ")"));
        long over = waitingByShop.values().stream().mapToLong(Long::longValue).sum();
        return new Report(NAME, Map.of(PENDING, (long) pending.size(), OVER_AN_HOUR, over,
                OLDEST_AGE, Math.max(0, Duration.between(oldest, now).toSeconds())), problems);
    }
}
