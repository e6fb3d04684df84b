package io.orderhook.processing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.orderhook.order.Refund;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopNote;
import io.orderhook.shop.ShopResult;

/**
 * An in-memory stand-in for the shop's REST API for the processor tests that run without
 * HTTP (the end-to-end tests use the real client against the shop simulator). It can be down.
 */
public final class RecordingShop implements ShopClient {
    public record OrderUpdate(String orderId, String status, Map<String, String> meta) {}

    /** The notes as the shop holds them, with orderhook's reference. */
    private final Map<String, List<ShopNote>> notes = new ConcurrentHashMap<>();
    private final List<OrderUpdate> updates = new CopyOnWriteArrayList<>();
    private final Map<String, Refund> refunds = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(500);
    private final Crash crash;
    private volatile boolean down;

    public RecordingShop(Crash crash) {
        this.crash = crash;
    }

    public void down(boolean isDown) {
        this.down = isDown;
    }

    public void refund(String orderId, Refund refund) {
        refunds.put(orderId + "/" + refund.refundId(), refund);
    }

    /** The notes' texts as the merchant reads them, without orderhook's reference. */
    public List<String> notes(String orderId) {
        List<String> texts = new ArrayList<>();
        notes.getOrDefault(orderId, List.of()).forEach(n -> texts.add(NoteDelivery.withoutReference(n.text())));
        return texts;
    }

    public List<OrderUpdate> updates() {
        return List.copyOf(updates);
    }

    @Override
    public ShopResult<String> addNote(String orderId, String note, boolean customerNote) {
        crash.check();
        if (down) {
            return new ShopResult.Unavailable<>("503 Service Unavailable");
        }
        String id = Integer.toString(ids.incrementAndGet());
        notes.computeIfAbsent(orderId, k -> new CopyOnWriteArrayList<>()).add(new ShopNote(id, note, customerNote));
        return new ShopResult.Ok<>(id);
    }

    @Override
    public ShopResult<List<ShopNote>> listNotes(String orderId) {
        crash.check();
        if (down) {
            return new ShopResult.Unavailable<>("503 Service Unavailable");
        }
        return new ShopResult.Ok<>(List.copyOf(notes.getOrDefault(orderId, List.of())));
    }

    @Override
    public ShopResult<Refund> getRefund(String orderId, String refundId) {
        crash.check();
        if (down) {
            return new ShopResult.Unavailable<>("503 Service Unavailable");
        }
        Refund refund = refunds.get(orderId + "/" + refundId);
        return refund == null ? new ShopResult.Rejected<>(404, "woocommerce_rest_invalid_id", "Invalid ID.")
                : new ShopResult.Ok<>(refund);
    }

    @Override
    public ShopResult<Void> updateOrder(String orderId, String status, Map<String, String> meta) {
        crash.check();
        if (down) {
            return new ShopResult.Unavailable<>("503 Service Unavailable");
        }
        updates.add(new OrderUpdate(orderId, status, meta));
        return new ShopResult.Ok<>(null);
    }
}
