package io.orderhook.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderhook.processing.DebugLog;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.NoteDelivery;
import io.orderhook.processing.ShopConfigs;
import io.orderhook.processing.ShopConnections;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.NoteStore;
import io.orderhook.store.NoteStore.Note;

/**
 * Re-sends the notes the shop did not accept yet (the {@code outbox} index), oldest due
 * first, per order in order, with exponential backoff between attempts. Runs on a schedule.
 * A note found in the shop already (an earlier attempt's outcome was never recorded) is
 * recorded as delivered instead of being sent again ({@link NoteDelivery#redeliver}).
 */
public final class OutboxDispatcher {
    /** How long a claimed note is left alone by other dispatchers. */
    static final Duration CLAIM = Duration.ofMinutes(5);

    private final ShopConfigs configs;
    private final ShopConnections connections;
    private final NoteStore notes;
    private final Clock clock;
    private final EventLog events;

    public OutboxDispatcher(ShopConfigs configs, ShopConnections connections, NoteStore notes, Clock clock, EventLog events) {
        this.configs = configs;
        this.connections = connections;
        this.notes = notes;
        this.clock = clock;
        this.events = events;
    }


    /** @param delivered accepted by the shop  @param rescheduled tried again later  @param rejected refused for good */
    public record Summary(int delivered, int rescheduled, int rejected) {}

    /** One round: at most {@code limit} due notes. */
    public Summary dispatch(int limit) {
        Instant now = clock.instant();
        Map<String, List<Note>> byOrder = new LinkedHashMap<>();
        for (Note note : notes.due(now, limit)) {
            byOrder.computeIfAbsent(note.shopId() + "\u0000" + note.orderId(), k -> new ArrayList<>()).add(note);
        }
        int delivered = 0;
        int rescheduled = 0;
        int rejected = 0;
        Map<String, ShopClient> clients = new LinkedHashMap<>();
        for (List<Note> orderNotes : byOrder.values()) {
            orderNotes.sort((a, b) -> a.sortKey().compareTo(b.sortKey()));
            Note first = orderNotes.get(0);
            Optional<ShopConfig> config = configs.find(first.shopId());
            if (config.isEmpty()) {
                events.event(first.shopId(), first.orderId(), "outbox", "unknown-shop", null);
                continue;
            }
            List<Note> claimed = new ArrayList<>();
            for (Note note : orderNotes) {
                if (!notes.claim(note, now.plus(CLAIM))) {
                    break;
                }
                claimed.add(note);
            }
            if (claimed.isEmpty()) {
                continue;
            }
            ShopClient shop = clients.computeIfAbsent(first.shopId(), id -> connections.shop(config.get()));
            DebugLog debug = new DebugLog(first.shopId(), first.orderId(), config.get().settings(), clock);
            List<Note> outcomes = NoteDelivery.redeliver(shop, claimed, debug, now);
            notes.record(outcomes, debug.drain());
            for (Note note : outcomes) {
                if (note.delivered()) {
                    delivered++;
                } else if (note.rejected()) {
                    rejected++;
                } else {
                    rescheduled++;
                }
                events.event(note.shopId(), note.orderId(), "outbox",
                        note.delivered() ? "delivered" : note.rejected() ? "rejected" : "rescheduled", note.lastError());
            }
        }
        return new Summary(delivered, rescheduled, rejected);
    }
}
