package io.orderhook.bulk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Predicate;

import io.orderhook.bulk.OrderAction.Outcome;
import io.orderhook.bulk.OrderAction.Result;
import io.orderhook.json.Json;
import io.orderhook.lifecycle.CaptureRequest;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.OrderStatuses;
import io.orderhook.lifecycle.Plan;
import io.orderhook.lifecycle.Reconciler;
import io.orderhook.lifecycle.Reservation;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.processing.ShopConnections;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopResult;
import io.orderhook.store.BodyHash;
import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;
import io.orderhook.store.LedgerStore;
import io.orderhook.store.OrderStateStore;

/**
 * Runs one {@link OrderAction} on one order. A capture or cancellation is said to the shop
 * (the request meta, the cancelled status) and the order as the shop answers it goes into the
 * inbox as its webhook would: the processor takes it in order with the order's other changes,
 * never two at once, with the reconciler's checks and step keys, so nothing is done twice however
 * often it is asked (and whichever of it and the shop's own webhook comes first). The outcome is
 * read from what orderhook recorded once it has taken that version of the order in. A retry runs
 * the order as the shop has it now through the processor at once.
 */
public final class OrderActions {
    /** A retry that conflicts with a webhook of the same order is tried again this often. */
    private static final int ATTEMPTS = 4;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final DateTimeFormatter WOO_GMT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ShopConnections connections;
    private final OrderStateStore states;
    private final InboxStore inbox;
    private final LedgerStore ledger;
    private final OrderProcessor processor;
    private final Clock clock;
    private final Duration wait;

    /**
     * @param wait how long an action waits for the processor to take the change in before it
     *             answers "not finished" (asking again then answers the outcome)
     */
    public OrderActions(ShopConnections connections, OrderStateStore states, InboxStore inbox, LedgerStore ledger,
            OrderProcessor processor, Clock clock, Duration wait) {
        this.connections = connections;
        this.states = states;
        this.inbox = inbox;
        this.ledger = ledger;
        this.processor = processor;
        this.clock = clock;
        this.wait = wait;
    }

    public Result run(ShopConfig config, OrderAction action, String orderId) {
        if (orderId == null || !orderId.matches("[1-9][0-9]{0,18}")) {
            return new Result(String.valueOf(orderId), Outcome.REFUSED, "WooCommerce order ids are positive numbers");
        }
        OrderState before = states.loadOrInitial(config.shopId(), orderId);
        Result settled = switch (action) {
            case CAPTURE -> ActionOutcomes.beforeCapture(config, orderId, before);
            case CANCEL -> ActionOutcomes.beforeCancel(orderId, before);
            case RETRY -> null;
        };
        if (settled != null) {
            return settled;
        }
        return action == OrderAction.RETRY ? retry(config, orderId) : askTheShop(config, action, orderId, before);
    }

    /** The shop's REST client, as the processor uses it. */
    ShopClient shop(ShopConfig config) {
        return connections.shop(config);
    }

    private Result askTheShop(ShopConfig config, OrderAction action, String orderId, OrderState before) {
        ShopResult<String> changed = action == OrderAction.CAPTURE
                ? shop(config).changeOrder(orderId, null, Map.of(config.settings().capture().metaKey(), CaptureRequest.REQUESTED))
                : shop(config).changeOrder(orderId, OrderStatuses.CANCELLED, Map.of());
        Result problem = ActionOutcomes.shopProblem(orderId, changed);
        if (problem != null) {
            return problem;
        }
        String body = ((ShopResult.Ok<String>) changed).value();
        InboxItem item;
        OrderSnapshot snapshot;
        try {
            String modified = Json.MAPPER.readTree(body).path("date_modified_gmt").asText("");
            item = new InboxItem(config.shopId(), orderId, "order.updated", "orderhook-" + action.wireName(), null, modified,
                    BodyHash.of(body.getBytes(StandardCharsets.UTF_8)), body, clock.instant());
            snapshot = OrderProcessor.OrderReader.wooCommerce().read(item);
        } catch (IOException | RuntimeException e) {
            return new Result(orderId, Outcome.REFUSED, "the shop's answer is not a readable order: " + e.getMessage());
        }
        Plan screen = Reconciler.plan(snapshot, OrderState.initial(config.shopId(), orderId), config.settings());
        switch (screen.decision()) {
            case MANAGEMENT_DISABLED, NOT_OUR_PAYMENT_METHOD, NO_TRANSACTION_ID -> {
                return new Result(orderId, Outcome.REFUSED, screen.reason());
            }
            default -> { }
        }
        // A duplicate is this very body already taken in: its outcome is awaited the same way.
        InboxStore.Put put = inbox.put(item, body.getBytes(StandardCharsets.UTF_8));
        if (put instanceof InboxStore.Put.TooLarge) {
            return new Result(orderId, Outcome.REFUSED, "the order is too large for orderhook's inbox");
        }
        Predicate<OrderState> answered = action == OrderAction.CAPTURE
                // An update may come before the activation: only the capture or a note answers the request.
                ? state -> state.reservation() == Reservation.ACTIVATED
                        || state.noticesGiven().contains(CaptureRequest.answerKey(state, snapshot))
                : state -> state.lastModifiedGmt() != null && !state.lastModifiedGmt().isBefore(snapshot.dateModifiedGmt())
                        && state.pending() == null;
        OrderState after = await(config.shopId(), orderId, answered);
        return ActionOutcomes.judged(ledger, config.shopId(), action, orderId, before, after, snapshot, answered.test(after));
    }

    private Result retry(ShopConfig config, String orderId) {
        OrderProcessor.Outcome outcome = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ShopResult<OrderSnapshot> read = shop(config).order(orderId);
            Result unread = ActionOutcomes.shopProblem(orderId, read);
            if (unread != null) {
                return unread;
            }
            OrderSnapshot snapshot = ((ShopResult.Ok<OrderSnapshot>) read).value();
            outcome = processor.process(item(config.shopId(), orderId, null, snapshot.dateModifiedGmt()), config, snapshot);
            if (outcome.result() != OrderProcessor.Result.RETRY) {
                break;
            }
            pause(Duration.ofMillis(100L * attempt));
        }
        return ActionOutcomes.retried(orderId, outcome);
    }

    /** The order's state once {@code answered} holds; the latest state when {@link #wait} runs out. */
    private OrderState await(String shopId, String orderId, Predicate<OrderState> answered) {
        // Real time, not the business clock (which tests may hold still).
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            OrderState state = states.loadOrInitial(shopId, orderId);
            if (answered.test(state) || System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return state;
            }
            pause(POLL);
        }
    }

    private InboxItem item(String shopId, String orderId, String body, Instant modified) {
        return new InboxItem(shopId, orderId, "order.updated", "orderhook-retry", null, WOO_GMT.format(modified), null, body,
                clock.instant());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
