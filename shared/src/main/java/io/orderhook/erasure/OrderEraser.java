package io.orderhook.erasure;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.orderhook.json.Json;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Reservation;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;
import io.orderhook.store.OrderErasedException;
import io.orderhook.store.OrderStateStore;

/**
 * Deletes an order from orderhook on request: first its open reservation is cancelled through the
 * processor's normal cancel step (recorded before and after, once, in the ledger), then every item
 * kept about the order goes and a tombstone of ids and time stays
 * ({@link io.orderhook.store.OrderErasureStore}). An open reservation that cannot be cancelled now
 * stops the deletion, so no money stays held for an order orderhook no longer knows.
 */
public final class OrderEraser {
    /** The delivery id of the cancellation the deletion runs through the processor. */
    static final String DELIVERY_ID = "orderhook-delete";

    /** What the deletion did. */
    public sealed interface Result permits Erased, NotCancelled {}

    /** Deleted: the items removed, and whether an open reservation was cancelled first. */
    public record Erased(int items, boolean reservationCancelled) implements Result {}

    /** Nothing deleted: the reservation is still open, for the reason given. */
    public record NotCancelled(String reason) implements Result {}

    private final OrderStateStore states;
    private final InboxStore inbox;
    private final OrderProcessor processor;
    private final Clock clock;
    private final EventLog events;

    public OrderEraser(OrderStateStore states, InboxStore inbox, OrderProcessor processor, Clock clock, EventLog events) {
        this.states = states;
        this.inbox = inbox;
        this.processor = processor;
        this.clock = clock;
        this.events = events;
    }

    public Result delete(ShopConfig config, String orderId) {
        String shopId = config.shopId();
        boolean open = open(state(shopId, orderId));
        if (open) {
            Optional<InboxItem> latest = inbox.latestOrder(shopId, orderId);
            if (latest.isEmpty()) {
                return new NotCancelled("the reservation is open, but no delivery of the order is kept to cancel it from;"
                        + " cancel it in the provider's back office, then delete again");
            }
            OrderProcessor.Outcome outcome = cancel(config, latest.get());
            if (open(state(shopId, orderId))) {
                return new NotCancelled("the reservation could not be cancelled now (" + outcome.detail()
                        + "); nothing was deleted: try again later");
            }
        }
        int items = states.erasures().erase(shopId, orderId, clock.instant());
        events.event(shopId, orderId, "delete", "erased", items + " items; reservation cancelled first: " + open);
        return new Erased(items, open);
    }

    /** The order as last delivered, as if the merchant had cancelled it, through the processor. */
    private OrderProcessor.Outcome cancel(ShopConfig config, InboxItem latest) {
        OrderSnapshot snapshot;
        try {
            snapshot = WooOrderJson.order(Json.MAPPER.readTree(latest.body())).withStatus("cancelled");
        } catch (IOException | RuntimeException e) {
            return new OrderProcessor.Outcome(OrderProcessor.Result.IGNORED, "the last delivery is not a readable order");
        }
        Instant now = clock.instant();
        InboxItem request = new InboxItem(config.shopId(), latest.orderId(), "order.updated", DELIVERY_ID, null,
                latest.modifiedGmt(), latest.bodyHash() + "-delete", latest.body(), now);
        return processor.process(request, config, snapshot);
    }

    private Optional<OrderState> state(String shopId, String orderId) {
        try {
            return states.load(shopId, orderId);
        } catch (OrderErasedException alreadyDeleted) {
            return Optional.empty();
        }
    }

    private static boolean open(Optional<OrderState> state) {
        return state.isPresent() && (state.get().reservation() == Reservation.RESERVED || state.get().pending() != null);
    }
}
