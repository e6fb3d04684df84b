package io.orderhook.fraud;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.maxmind.minfraud.request.Transaction;

import io.orderhook.json.Json;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.processing.DebugLog;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.NoteDelivery;
import io.orderhook.processing.ShopConnections;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.FraudStore;
import io.orderhook.store.InboxItem;
import io.orderhook.store.NoteStore;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;

/**
 * Screens an order with minFraud the first time the processor sees it, before its payment work,
 * and tells the processor how to treat the order afterwards: a fraudulent order as cancelled (so
 * its reservation is cancelled through the normal cancel step, once), a clear one as it is, and
 * one whose screening waits as it is, or, when the shop does not capture unscreened orders, as on
 * hold while it asks for a capture. minFraud down never stops the payment work: the screening
 * waits on the {@code due} index and the due-retries job brings the order back.
 */
public final class FraudGate {
    /** The status the processor treats a fraudulent order as: its reservation is then cancelled. */
    static final String CANCELLED = "cancelled";
    static final String ON_HOLD = "on-hold";
    /** The outbox leaves the gate's notes to its own delivery for this long (as the processor's). */
    private static final java.time.Duration OUTBOX_GRACE = java.time.Duration.ofMinutes(2);

    private final FraudStore store;
    private final FraudScreener screener;
    private final NoteStore notes;
    private final ShopConnections connections;
    private final Clock clock;
    private final EventLog events;

    public FraudGate(FraudStore store, FraudScreener screener, NoteStore notes, ShopConnections connections, Clock clock,
            EventLog events) {
        this.store = store;
        this.screener = screener;
        this.notes = notes;
        this.connections = connections;
        this.clock = clock;
        this.events = events;
    }

    /**
     * The order as the payment work should see it. Reads nothing for a shop or payment method that
     * is not screened.
     */
    public OrderSnapshot screen(InboxItem item, ShopConfig config, OrderSnapshot snapshot, DebugLog debug) {
        FraudSettings fraud = config.settings().fraud();
        if (!fraud.screens(snapshot.paymentMethod())) {
            return snapshot;
        }
        Instant now = clock.instant();
        Optional<Screening> stored = store.find(config.shopId(), snapshot.orderId());
        if (stored.isEmpty() && store.erased(config.shopId(), snapshot.orderId())) {
            // A late delivery of an order deleted on request: the processor refuses it; nothing is sent to minFraud.
            return snapshot;
        }
        Screening screening = stored.isEmpty() || stored.get().due(now)
                ? screenNow(item, config, snapshot, stored, debug, now) : stored.get();
        return switch (screening.status()) {
            case CLEAR -> snapshot;
            case FRAUD -> snapshot.withStatus(CANCELLED);
            case WAITING -> !fraud.captureUnscreened() && snapshot.status().equals(config.settings().captureStatus())
                    ? snapshot.withStatus(ON_HOLD) : snapshot;
        };
    }

    private Screening screenNow(InboxItem item, ShopConfig config, OrderSnapshot snapshot, Optional<Screening> before,
            DebugLog debug, Instant now) {
        FraudSettings fraud = config.settings().fraud();
        String shopId = config.shopId();
        String orderId = snapshot.orderId();
        int attempts = before.map(Screening::attempts).orElse(0);
        FraudScreener.Outcome outcome = ask(item, shopId, snapshot, fraud, debug);
        Screening screening = outcome instanceof FraudScreener.Scored scored
                ? Screening.scored(shopId, orderId, scored, fraud.threshold(), now, attempts)
                : Screening.waiting(shopId, orderId, fraud.threshold(), attempts, now,
                        ((FraudScreener.Unavailable) outcome).reason());
        List<Note> newNotes = new ArrayList<>();
        switch (screening.status()) {
            case FRAUD -> newNotes.add(Note.create(shopId, orderId, now, FraudText.fraud(screening, fraud.status()),
                    Level.ERROR, false, fraud.status(), snapshot.status(), Map.of(), now.plus(OUTBOX_GRACE)));
            case CLEAR -> {
                if (debug.enabled()) {
                    newNotes.add(note(shopId, orderId, now, FraudText.clear(screening), Level.INFO));
                }
            }
            case WAITING -> {
                if (screening.nextTryAt() == null) {
                    newNotes.add(note(shopId, orderId, now, FraudText.gaveUp(screening, fraud.captureUnscreened()),
                            Level.WARNING));
                }
            }
        }
        events.event(shopId, orderId, "fraud-screening", screening.status().name().toLowerCase(java.util.Locale.ROOT),
                screening.status() == Screening.Status.WAITING ? screening.problem()
                        : "risk score " + FraudText.score(screening.riskScore()) + ", threshold "
                                + FraudText.score(fraud.threshold()));
        if (!store.record(screening, before, newNotes)) {
            return store.find(shopId, orderId).orElse(screening);
        }
        deliver(config, newNotes, debug);
        return screening;
    }

    /** minFraud's answer; a call that cannot be made (no IP address on the order) waits like an outage. */
    private FraudScreener.Outcome ask(InboxItem item, String shopId, OrderSnapshot snapshot, FraudSettings fraud,
            DebugLog debug) {
        Transaction transaction;
        try {
            transaction = FraudTransaction.of(shopId, snapshot, customerIp(item));
        } catch (IllegalArgumentException e) {
            return new FraudScreener.Unavailable(e.getMessage());
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("fields", FraudTransaction.FIELDS);
        request.put("threshold", fraud.threshold());
        return debug.call("fraud-screening", "minfraud.factors", request, () -> screener.screen(fraud, transaction),
                FraudGate::describe, o -> o instanceof FraudScreener.Scored ? "scored" : "unavailable");
    }

    private static Map<String, Object> describe(FraudScreener.Outcome outcome) {
        Map<String, Object> described = new LinkedHashMap<>();
        if (outcome instanceof FraudScreener.Scored s) {
            described.put("riskScore", s.riskScore());
            described.put("ipRisk", s.ipRisk());
            described.put("reasons", s.reasons());
            described.put("warnings", s.warnings());
        } else {
            described.put("problem", ((FraudScreener.Unavailable) outcome).reason());
        }
        return described;
    }

    private void deliver(ShopConfig config, List<Note> newNotes, DebugLog debug) {
        if (newNotes.isEmpty()) {
            return;
        }
        try {
            notes.record(NoteDelivery.deliverInGrace(connections.shop(config), newNotes, debug, clock), debug.drain());
        } catch (RuntimeException e) {
            // The notes are stored: the outbox sends them after the grace period.
            events.event(config.shopId(), newNotes.get(0).orderId(), "note", "left-to-outbox", e.getClass().getSimpleName());
        }
    }

    private static Note note(String shopId, String orderId, Instant now, String text, Level level) {
        return Note.create(shopId, orderId, now, text, level, false, null, Map.of(), now.plus(OUTBOX_GRACE));
    }

    /** WooCommerce's {@code customer_ip_address}: the address the order was placed from. */
    static String customerIp(InboxItem item) {
        try {
            return Json.MAPPER.readTree(item.body()).path("customer_ip_address").asText("");
        } catch (IOException e) {
            return "";
        }
    }
}
