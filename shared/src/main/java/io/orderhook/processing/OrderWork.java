package io.orderhook.processing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.orderhook.lifecycle.OrderState;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;

/**
 * One order while it is processed: the state as stored and the state being built, the notes
 * to send once the run ends, and the order's clients (built on first use). Every write goes
 * through {@link #save}: the state with its new notes and debug-log entries in one request.
 */
final class OrderWork {
    final OrderRun.Services services;
    final ShopConfig config;
    final ShopSettings settings;
    final OrderSnapshot snapshot;
    final DebugLog debug;
    final String shopId;
    final String orderId;
    private final List<Note> toDeliver = new ArrayList<>();
    OrderState stored;
    OrderState working;
    /** A step ran or a note was stored in this run. */
    boolean acted;
    private PaymentProvider provider;
    private ShopClient shop;

    OrderWork(OrderRun.Services services, ShopConfig config, OrderSnapshot snapshot, DebugLog debug) {
        this.services = services;
        this.config = config;
        this.settings = config.settings();
        this.snapshot = snapshot;
        this.debug = debug;
        this.shopId = config.shopId();
        this.orderId = snapshot.orderId();
    }

    void load() {
        stored = services.states().loadOrInitial(shopId, orderId);
        working = stored;
    }

    /** A note; one that sets the failure status does so only while the order keeps the status that failed. */
    Note note(String text, Level level, String setStatus, Map<String, String> meta) {
        Instant now = services.clock().instant();
        return Note.create(shopId, orderId, now, text, level, false, setStatus,
                setStatus == null ? null : snapshot.status(), meta, now.plus(OrderProcessor.OUTBOX_GRACE));
    }

    Note note(String text, Level level) {
        return note(text, level, null, Map.of());
    }

    void save(List<Note> newNotes) {
        stored = services.states().save(working, newNotes, debug.drain());
        working = stored;
        toDeliver.addAll(newNotes);
    }

    void saveIfChanged(List<Note> newNotes) {
        if (!working.equals(stored) || !newNotes.isEmpty() || debug.hasEntries()) {
            save(newNotes);
        }
    }

    void event(String step, String outcome, String detail) {
        services.events().event(shopId, orderId, step, outcome, detail);
    }

    /** Sends the run's notes; whatever the shop does not take, the outbox sends later. */
    void deliverNotes() {
        if (toDeliver.isEmpty()) {
            services.logs().write(debug.drain());
            return;
        }
        try {
            List<Note> outcomes = NoteDelivery.deliver(shop(), toDeliver, debug, services.clock().instant());
            services.notes().record(outcomes, debug.drain());
            for (Note note : outcomes) {
                event("note", note.delivered() ? "delivered" : note.rejected() ? "rejected" : "queued", note.lastError());
            }
        } catch (RuntimeException e) {
            // The notes are stored: the outbox dispatcher sends them after the grace period.
            event("note", "left-to-outbox", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    PaymentProvider provider() {
        if (provider == null) {
            provider = services.connections().provider(config);
        }
        return provider;
    }

    String providerName() {
        return provider().name().toLowerCase(Locale.ROOT);
    }

    ShopClient shop() {
        if (shop == null) {
            shop = services.connections().shop(config);
        }
        return shop;
    }
}
