package io.orderhook.failed;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderhook.processing.DebugLog;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.NoteDelivery;
import io.orderhook.processing.NoteText;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.processing.ShopConfigs;
import io.orderhook.processing.ShopConnections;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.FailedOrder;
import io.orderhook.store.FailedOrderStore;
import io.orderhook.store.InboxItem;
import io.orderhook.store.NoteStore;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;

/**
 * What happens when the stream gives up on an order's change after its retries (the processor's
 * failure destination in AWS, the poller's in local mode): the order gets an ERROR note and the
 * shop's failure status, and a {@link FailedOrder} is stored for the operator to list and redrive.
 * Without this a completed order could stay uncaptured, silently, until its authorisation lapsed.
 *
 * <p>The status is set only while the order still has the status of the change given up on (the
 * merchant may have moved on meanwhile); a shop that does not answer gets the note from the outbox.
 * When the cause lasts, the shop's own echo of the failure status fails as well: that adds to the
 * failed record's attempts without a second note.
 */
public final class GiveUp {
    private final ShopConfigs configs;
    private final ShopConnections connections;
    private final FailedOrderStore failed;
    private final NoteStore notes;
    private final Clock clock;
    private final EventLog events;

    public GiveUp(ShopConfigs configs, ShopConnections connections, FailedOrderStore failed, NoteStore notes, Clock clock,
            EventLog events) {
        this.configs = configs;
        this.connections = connections;
        this.failed = failed;
        this.notes = notes;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Gives up on the orders of {@code items}, each once (its first change in the list is the one
     * the stream tried; the later ones never ran).
     *
     * @param streamAttempts how often the stream invoked the processor, when no attempt was noted
     * @return the failed orders stored
     */
    public List<FailedOrder> giveUp(List<InboxItem> items, int streamAttempts) {
        Map<String, InboxItem> firstPerOrder = new LinkedHashMap<>();
        for (InboxItem item : items) {
            firstPerOrder.putIfAbsent(item.partitionKey(), item);
        }
        return firstPerOrder.values().stream().map(item -> giveUp(item, streamAttempts)).flatMap(Optional::stream).toList();
    }

    private Optional<FailedOrder> giveUp(InboxItem item, int streamAttempts) {
        Optional<ShopConfig> config = configs.find(item.shopId());
        if (config.isEmpty()) {
            events.event(item.shopId(), item.orderId(), "give-up", "unknown-shop", "no configuration: nothing to tell");
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<FailedOrderStore.Attempts> noted = failed.attempts(item);
        int attempts = noted.map(FailedOrderStore.Attempts::count).orElse(streamAttempts);
        String reason = noted.map(FailedOrderStore.Attempts::lastError)
                .orElse("the processor failed without a recorded error (its log has the details)");
        String status = statusOf(item);
        String failureStatus = config.get().settings().failureStatus();
        Optional<FailedOrder> before = failed.find(item.shopId(), item.orderId());
        if (before.isPresent() && failureStatus.equals(status)) {
            // The shop's echo of the failure status failed too (the cause is still there): the
            // merchant was told, and a redrive must give back the status from before.
            FailedOrder again = new FailedOrder(item.shopId(), item.orderId(), now, reason,
                    before.get().attempts() + attempts, before.get().statusBefore());
            failed.put(again);
            events.event(item.shopId(), item.orderId(), "give-up", "still-failed", attempts + " attempts: " + reason);
            return Optional.of(again);
        }
        FailedOrder order = new FailedOrder(item.shopId(), item.orderId(), now, reason, attempts, status);
        failed.put(order);
        Note note = Note.create(item.shopId(), item.orderId(), now, NoteText.gaveUp(attempts, reason, failureStatus),
                Level.ERROR, false, failureStatus, status, Map.of(), now);
        deliver(config.get(), note);
        events.event(item.shopId(), item.orderId(), "give-up", "failed", attempts + " attempts: " + reason);
        return Optional.of(order);
    }

    /** Sends the note at once; when the shop does not answer it stays in the outbox. */
    private void deliver(ShopConfig config, Note note) {
        DebugLog debug = new DebugLog(note.shopId(), note.orderId(), config.settings(), clock);
        List<Note> outcome;
        try {
            outcome = NoteDelivery.deliver(connections.shop(config), List.of(note), debug, clock.instant());
        } catch (RuntimeException e) {
            outcome = List.of(note);
            events.event(note.shopId(), note.orderId(), "note", "left-to-outbox", e.getMessage());
        }
        notes.record(outcome, debug.drain());
    }

    private static String statusOf(InboxItem item) {
        try {
            return OrderProcessor.OrderReader.wooCommerce().read(item).status();
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }
}
