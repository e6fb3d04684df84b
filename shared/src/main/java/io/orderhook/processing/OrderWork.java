package io.orderhook.processing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.orderhook.ledger.LedgerEntry;
import io.orderhook.ledger.PaymentStatus;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Settled;
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
    static final String PAYMENT_STATUS_META = "_orderhook_payment_status";
    static final String CAPTURED_META = "_orderhook_captured";
    static final String REFUNDED_META = "_orderhook_refunded";

    final OrderRun.Services services;
    final ShopConfig config;
    final ShopSettings settings;
    /** The order as this run plans it: the delivery's, or the shop's current one when the delivery is behind. */
    OrderSnapshot snapshot;
    final DebugLog debug;
    final String shopId;
    final String orderId;
    private final List<Note> toDeliver = new ArrayList<>();
    /** Ledger entries stored with the next {@link #save}. */
    private final List<LedgerEntry> ledger = new ArrayList<>();
    /** A ledger entry was added since the last note: the next note carries the payment meta. */
    private boolean paymentChanged;
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

    /** The state as stored when the processor has it already (from a failed settled check), or null. */
    private Optional<OrderState> preread;

    void preread(Optional<OrderState> state) {
        this.preread = state;
    }

    void load() {
        stored = preread != null ? preread.orElseGet(() -> OrderState.initial(shopId, orderId))
                : services.states().loadOrInitial(shopId, orderId);
        working = stored;
    }

    /**
     * A note; one that sets the failure status does so only while the order keeps the status that
     * failed. The first note after a ledger entry also writes the payment status to the order's meta.
     */
    Note note(String text, Level level, String setStatus, Map<String, String> meta) {
        Instant now = services.clock().instant();
        Map<String, String> allMeta = meta;
        if (paymentChanged) {
            allMeta = new LinkedHashMap<>(meta);
            allMeta.putAll(paymentMeta(setStatus != null ? setStatus : snapshot.status()));
            paymentChanged = false;
        }
        return Note.create(shopId, orderId, now, text, level, false, setStatus,
                setStatus == null ? null : snapshot.status(), allMeta, now.plus(OrderProcessor.OUTBOX_GRACE));
    }

    /** A note to the customer (WooCommerce e-mails it): no status, no meta. */
    Note customerNote(String text) {
        Instant now = services.clock().instant();
        return Note.create(shopId, orderId, now, text, Level.INFO, true, null, null, Map.of(),
                now.plus(OrderProcessor.OUTBOX_GRACE));
    }

    /**
     * The payment status for the shop's order list and reports: status and amounts as WooCommerce writes money.
     *
     * @param orderStatus the order's status once the note is delivered (the status it sets, if any)
     */
    Map<String, String> paymentMeta(String orderStatus) {
        PaymentStatus status = working.payment().status(orderStatus, working.retry() != null);
        return Map.of(PAYMENT_STATUS_META, status.status().wireName(),
                CAPTURED_META, NoteText.money(status.captured(), null),
                REFUNDED_META, NoteText.money(status.refunded(), null));
    }

    Note note(String text, Level level) {
        return note(text, level, null, Map.of());
    }

    void save(List<Note> newNotes) {
        // A state that a same-content change cannot alter is marked, so such a change (the echo) costs one request.
        String settledMark = Settled.after(working, snapshot, settings) ? SettledMark.of(config, snapshot) : null;
        stored = services.states().save(working, newNotes, debug.drain(), List.copyOf(ledger), settledMark);
        ledger.clear();
        working = stored;
        toDeliver.addAll(newNotes);
    }

    /**
     * Records an operation in the order's ledger, stored with the next {@link #save}.
     *
     * @param amount minor units with tax (0 when nothing moves)
     */
    void ledger(LedgerEntry.Operation operation, long amount, LedgerEntry.Result result, String code, String reference,
            String stepKey, String refundId, String detail) {
        LedgerEntry entry = new LedgerEntry(services.clock().instant(), operation, amount, snapshot.currency(), result, code,
                reference, stepKey, refundId, provider().name(), detail);
        ledger.add(entry);
        working = working.withLedgerEntry(entry);
        paymentChanged = true;
    }

    void saveIfChanged(List<Note> newNotes) {
        if (!working.equals(stored) || !newNotes.isEmpty() || debug.hasEntries() || !ledger.isEmpty()) {
            save(newNotes);
        }
    }

    void event(String step, String outcome, String detail) {
        services.events().event(shopId, orderId, step, outcome, detail);
    }

    /**
     * Sends the run's notes while their grace period lasts; whatever the shop does not take, or
     * what is left when the grace is nearly over, the outbox sends later.
     */
    void deliverNotes() {
        if (toDeliver.isEmpty()) {
            services.logs().write(debug.drain());
            return;
        }
        try {
            List<Note> outcomes = NoteDelivery.deliverInGrace(shop(), toDeliver, debug, services.clock());
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
