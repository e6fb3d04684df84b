package io.orderhook.bulk;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import io.orderhook.bulk.OrderAction.Outcome;
import io.orderhook.bulk.OrderAction.Result;
import io.orderhook.ledger.LedgerEntry;
import io.orderhook.lifecycle.CaptureRequest;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.OrderStatuses;
import io.orderhook.lifecycle.Reservation;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.processing.NoteText;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.processing.ShopConnections;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopResult;
import io.orderhook.store.InboxItem;
import io.orderhook.store.LedgerStore;
import io.orderhook.store.OrderStateStore;

/**
 * Runs one {@link OrderAction} on one order: what the shop must say is said to the shop first
 * (the capture request's meta, the cancelled status), then the order as the shop now has it goes
 * through the same processor as a webhook, so the reconciler's checks and step keys apply and
 * nothing is done twice however often the action is asked (and whichever of it and the shop's own
 * webhook comes first). The outcome is read from what orderhook recorded before and after.
 */
public final class OrderActions {
    /** A conflict with the webhook of the same change is tried again this often. */
    private static final int ATTEMPTS = 4;
    private static final DateTimeFormatter WOO_GMT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ShopConnections connections;
    private final OrderStateStore states;
    private final LedgerStore ledger;
    private final OrderProcessor processor;
    private final Clock clock;

    public OrderActions(ShopConnections connections, OrderStateStore states, LedgerStore ledger, OrderProcessor processor,
            Clock clock) {
        this.connections = connections;
        this.states = states;
        this.ledger = ledger;
        this.processor = processor;
        this.clock = clock;
    }

    public Result run(ShopConfig config, OrderAction action, String orderId) {
        if (orderId == null || !orderId.matches("[1-9][0-9]{0,18}")) {
            return new Result(String.valueOf(orderId), Outcome.REFUSED, "WooCommerce order ids are positive numbers");
        }
        OrderState before = states.loadOrInitial(config.shopId(), orderId);
        Result settled = switch (action) {
            case CAPTURE -> beforeCapture(config, orderId, before);
            case CANCEL -> beforeCancel(orderId, before);
            case RETRY -> null;
        };
        if (settled != null) {
            return settled;
        }
        ShopClient shop = connections.shop(config);
        ShopResult<Void> asked = switch (action) {
            case CAPTURE -> shop.updateOrder(orderId, null, Map.of(config.settings().capture().metaKey(), CaptureRequest.REQUESTED));
            case CANCEL -> shop.updateOrder(orderId, OrderStatuses.CANCELLED, Map.of());
            case RETRY -> new ShopResult.Ok<>(null);
        };
        Result unasked = shopProblem(orderId, asked);
        if (unasked != null) {
            return unasked;
        }
        OrderProcessor.Outcome outcome = null;
        String currency = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ShopResult<OrderSnapshot> read = shop.order(orderId);
            Result unread = shopProblem(orderId, read);
            if (unread != null) {
                return unread;
            }
            OrderSnapshot snapshot = ((ShopResult.Ok<OrderSnapshot>) read).value();
            currency = snapshot.currency();
            outcome = processor.process(item(config.shopId(), snapshot), config, snapshot);
            if (outcome.result() != OrderProcessor.Result.RETRY) {
                break;
            }
            pause(attempt);
        }
        return judged(config, action, orderId, before, states.loadOrInitial(config.shopId(), orderId), outcome, currency);
    }

    /** The shop's REST client, as the processor uses it. */
    ShopClient shop(ShopConfig config) {
        return connections.shop(config);
    }

    private static Result beforeCapture(ShopConfig config, String orderId, OrderState before) {
        if (!config.settings().capture().trigger().byRequest()) {
            return new Result(orderId, Outcome.REFUSED, "this shop captures when an order gets status '"
                    + config.settings().captureStatus() + "' (capture trigger 'status'); set the capture trigger to "
                    + "'request' or 'either' to capture on request");
        }
        return switch (before.reservation()) {
            case ACTIVATED -> new Result(orderId, Outcome.ALREADY_DONE, "captured already"
                    + (before.activationNumber() == null ? "" : " (activation number " + before.activationNumber() + ")"));
            case CANCELLED -> new Result(orderId, Outcome.REFUSED, "the reservation is cancelled: nothing can be captured");
            case NOT_FOUND -> new Result(orderId, Outcome.REFUSED, "the provider does not know the order's payment");
            case RESERVED -> null;
        };
    }

    private static Result beforeCancel(String orderId, OrderState before) {
        return switch (before.reservation()) {
            case CANCELLED -> new Result(orderId, Outcome.ALREADY_DONE, "the reservation is cancelled already");
            case ACTIVATED -> new Result(orderId, Outcome.REFUSED, "the payment is captured: refund the order instead");
            case NOT_FOUND -> new Result(orderId, Outcome.REFUSED, "the provider does not know the order's payment");
            case RESERVED -> null;
        };
    }

    private Result judged(ShopConfig config, OrderAction action, String orderId, OrderState before, OrderState after,
            OrderProcessor.Outcome outcome, String currency) {
        Reservation wanted = switch (action) {
            case CAPTURE -> Reservation.ACTIVATED;
            case CANCEL -> Reservation.CANCELLED;
            case RETRY -> null;
        };
        // Done whoever did it: this action or the shop's webhook of the same change.
        if (wanted != null && after.reservation() == wanted) {
            return new Result(orderId, Outcome.DONE, wanted == Reservation.ACTIVATED
                    ? "captured " + NoteText.money(after.activatedTotal(), currency) + ", activation number " + after.activationNumber()
                    : "the reservation is cancelled");
        }
        if (outcome.result() == OrderProcessor.Result.RETRY || after.pending() != null) {
            return new Result(orderId, Outcome.FAILED, "not finished, run it again: " + outcome.detail());
        }
        if (wanted == null) {
            return outcome.result() == OrderProcessor.Result.APPLIED
                    ? new Result(orderId, Outcome.DONE, outcome.detail())
                    : new Result(orderId, Outcome.ALREADY_DONE, "nothing left to do: " + outcome.detail());
        }
        if (after.refusedKeys().size() > before.refusedKeys().size()) {
            List<LedgerEntry> entries = ledger.forOrder(config.shopId(), orderId);
            LedgerEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            return new Result(orderId, Outcome.REFUSED, last == null || last.result() != LedgerEntry.Result.REFUSED
                    ? "refused; the order's notes say why"
                    : "refused by the provider: " + last.detail() + (last.code() == null ? "" : " (code " + last.code() + ")"));
        }
        return new Result(orderId, Outcome.REFUSED, "not " + (wanted == Reservation.ACTIVATED ? "captured" : "cancelled")
                + ": " + outcome.detail());
    }

    private static Result shopProblem(String orderId, ShopResult<?> result) {
        return switch (result.kind()) {
            case OK -> null;
            case REJECTED -> {
                ShopResult.Rejected<?> r = (ShopResult.Rejected<?>) result;
                yield new Result(orderId, Outcome.REFUSED, "the shop refused: " + r.httpStatus() + " " + r.message());
            }
            case UNAVAILABLE -> new Result(orderId, Outcome.FAILED, "the shop did not answer: "
                    + ((ShopResult.Unavailable<?>) result).reason());
        };
    }

    /** The order as an inbox item would carry it; the body is already read into the snapshot. */
    private InboxItem item(String shopId, OrderSnapshot snapshot) {
        return new InboxItem(shopId, snapshot.orderId(), "order.updated", "orderhook-action", null,
                WOO_GMT.format(snapshot.dateModifiedGmt()), null, null, clock.instant());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(100L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
