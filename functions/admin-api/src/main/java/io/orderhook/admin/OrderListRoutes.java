package io.orderhook.admin;

import static io.orderhook.admin.AdminInput.printable;
import static io.orderhook.admin.AdminInput.requireShopId;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.json.Json;
import io.orderhook.ledger.PaymentStatus;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.ShopOrderStates;

/**
 * {@code GET /admin/shops/{shopId}/orders?orderId=&paymentStatus=&limit=}: the shop's orders as
 * orderhook recorded them, those that need someone first (a step whose outcome is unknown, a
 * declined step waiting for its next try, a refusal not tried again), then the most recently
 * changed. {@code orderId} finds the orders whose number starts with it; {@code paymentStatus} is
 * one of the payment statuses ({@code captured}, {@code failed}, ...) or {@code attention} for the
 * orders with a problem.
 */
final class OrderListRoutes {
    static final String ATTENTION = "attention";
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    /** Table items read at most per listing (see {@link ShopOrderStates}). */
    private static final int MAX_ITEMS_READ = 20_000;
    private static final Set<String> PARAMETERS = Set.of("orderId", "paymentStatus", "limit");
    private static final Set<String> STATUSES = Arrays.stream(PaymentStatus.Status.values())
            .map(PaymentStatus.Status::wireName).collect(Collectors.toUnmodifiableSet());

    private record Row(OrderState state, PaymentStatus payment, String problem) {}

    private final ShopConfigStore shops;
    private final ShopOrderStates states;

    OrderListRoutes(ShopConfigStore shops, ShopOrderStates states) {
        this.shops = shops;
        this.states = states;
    }

    AdminApi.Answer list(String shopId, QueryParameters query) {
        requireShopId(shopId);
        for (String name : query.values().keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new BadRequest("the order list takes no '" + printable(name) + "'; it takes " + PARAMETERS.stream().sorted().toList());
            }
        }
        Optional<String> orderId = query.get("orderId");
        if (orderId.isPresent() && !orderId.get().matches("[0-9]{1,19}")) {
            throw new BadRequest("orderId '" + printable(orderId.get()) + "' is not (the start of) a WooCommerce order number");
        }
        Optional<String> status = query.get("paymentStatus");
        if (status.isPresent() && !status.get().equals(ATTENTION) && !STATUSES.contains(status.get())) {
            throw new BadRequest("paymentStatus '" + printable(status.get()) + "' is none of " + ATTENTION + ", "
                    + STATUSES.stream().sorted().collect(Collectors.joining(", ")));
        }
        int limit = limit(query.get("limit"));
        if (shops.read(shopId).isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        ShopOrderStates.Listing listing = states.list(shopId, MAX_ITEMS_READ);
        List<Row> rows = listing.states().stream()
                .filter(s -> orderId.isEmpty() || s.orderId().startsWith(orderId.get()))
                .map(s -> new Row(s, s.payment().status(s.orderStatus(), s.retry() != null), problem(s)))
                .filter(r -> status.isEmpty() || (status.get().equals(ATTENTION) ? r.problem() != null
                        : r.payment().status().wireName().equals(status.get())))
                .sorted(Comparator.comparing((Row r) -> r.problem() == null)
                        .thenComparing(r -> r.state().lastModifiedGmt(), Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(r -> Long.parseLong(r.state().orderId()), Comparator.reverseOrder()))
                .toList();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", shopId);
        out.put("total", rows.size());
        out.put("truncated", listing.truncated());
        ArrayNode orders = out.putArray("orders");
        rows.stream().limit(limit).forEach(r -> orders.add(rowJson(r)));
        return Answers.ok(out);
    }

    /** Why the order needs someone, in an operator's words; null when it does not. */
    static String problem(OrderState s) {
        if (s.pending() != null && s.pending().outcomeUnknown()) {
            return "the outcome of " + s.pending().step().kind().wireName() + " is unknown: the provider did not answer";
        }
        if (s.retry() != null) {
            return s.retry().kind().wireName() + " was declined " + s.retry().tries() + " time(s); next try at " + s.retry().dueAt();
        }
        if (s.payment().openRefusal() != null) {
            return "the provider refused " + s.payment().openRefusal().wireName() + "; it is not tried again until the order changes";
        }
        return null;
    }

    private static ObjectNode rowJson(Row r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        OrderState s = r.state();
        o.put("orderId", s.orderId());
        o.put("orderStatus", s.orderStatus());
        o.put("reservation", s.reservation().name().toLowerCase(Locale.ROOT));
        o.set("paymentStatus", OrderView.paymentStatusJson(r.payment()));
        o.put("lastModifiedGmt", s.lastModifiedGmt() == null ? null : s.lastModifiedGmt().toString());
        o.put("problem", r.problem());
        return o;
    }

    private static int limit(Optional<String> text) {
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, as for a number out of range
        }
        throw new BadRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + printable(text.get()) + "'");
    }
}
