package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.testkit.woocommerce.ShopOrder.Item;
import io.orderhook.testkit.woocommerce.ShopOrder.ItemKind;

/**
 * The shop's data and the WooCommerce rules for changing it. Every change, whether it comes
 * from a REST request or from the merchant through the Java API, goes through these methods,
 * which take REST v3 request bodies and answer REST v3 response bodies. One lock guards all.
 */
final class SimulatedShop {
    private final Object lock = new Object();
    private final ShopRules rules;
    private final ZoneId siteZone;
    private final Clock clock;
    private final Map<String, String> statusLabels;
    private final Map<Long, ProductSpec> products;
    private final String currency;
    private final boolean pricesIncludeTax;
    private final Map<Long, ShopOrder> orders = new TreeMap<>();
    private final AtomicLong postIds = new AtomicLong(1000);
    private final AtomicLong itemIds = new AtomicLong(1);
    private final AtomicLong noteIds = new AtomicLong(1);
    private final AtomicLong metaIds = new AtomicLong(1);
    private final BiConsumer<String, Long> changeListener;
    private final OrderChanges changes;
    private volatile String restBase;

    SimulatedShop(ShopRules rules, ZoneId siteZone, Clock clock, Map<String, String> statusLabels,
                  Map<Long, ProductSpec> products, String currency, boolean pricesIncludeTax,
                  BiConsumer<String, Long> changeListener) {
        this.rules = rules;
        this.siteZone = siteZone;
        this.clock = clock;
        this.statusLabels = statusLabels;
        this.products = products;
        this.currency = currency;
        this.pricesIncludeTax = pricesIncludeTax;
        this.changeListener = changeListener;
        this.changes = new OrderChanges(rules, products, itemIds, metaIds);
    }

    void setRestBase(String restBase) {
        this.restBase = restBase;
    }

    String restBase() {
        return restBase;
    }

    ShopRules rules() {
        return rules;
    }

    void registerStatus(String slug, String label) {
        synchronized (lock) {
            statusLabels.put(slug, label);
        }
    }

    List<String> statuses() {
        synchronized (lock) {
            return List.copyOf(statusLabels.keySet());
        }
    }

    // ---------------------------------------------------------------- orders

    ObjectNode createOrder(JsonNode body, String createdVia) {
        synchronized (lock) {
            String status = body.path("status").asText("pending");
            requireRegisteredStatus(status);
            Instant now = now();
            long id = postIds.incrementAndGet();
            boolean includeTax = body.has("prices_include_tax") ? body.get("prices_include_tax").asBoolean() : pricesIncludeTax;
            ShopOrder order = new ShopOrder(id, "wc_order_" + HexFormat.of().toHexDigits(id * 2654435761L).substring(3),
                    body.path("currency").asText(currency), includeTax, now, "pending");
            order.createdVia = createdVia;
            changes.applyOrderFields(order, body);
            changes.applyItems(order, body);
            order.recalculate(rules, itemIds::getAndIncrement);
            if (body.path("set_paid").asBoolean(false)) {
                order.paid = now;
                changeStatus(order, "processing");
            }
            changeStatus(order, body.has("status") ? status : order.status);
            order.modified = now;
            orders.put(id, order);
            changeListener.accept("order.created", id);
            return orderJson(order);
        }
    }

    ObjectNode getOrder(long orderId) {
        synchronized (lock) {
            return orderJson(order(orderId, 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID."));
        }
    }

    Optional<ObjectNode> findOrder(long orderId) {
        synchronized (lock) {
            return Optional.ofNullable(orders.get(orderId)).map(this::orderJson);
        }
    }

    record Page(ArrayNode items, int total, int totalPages) {}

    Page listOrders(Map<String, String> query) {
        synchronized (lock) {
            List<String> statuses = List.of(query.getOrDefault("status", "any").split(","));
            for (String status : statuses) {
                if (!status.equals("any") && !status.equals("trash")) {
                    requireRegisteredStatus(status);
                }
            }
            int perPage = Math.max(1, Math.min(100, intParam(query, "per_page", 10)));
            int page = Math.max(1, intParam(query, "page", 1));
            Comparator<ShopOrder> order = "id".equals(query.get("orderby"))
                    ? Comparator.comparingLong(o -> o.id)
                    : Comparator.<ShopOrder, Instant>comparing(o -> o.created).thenComparingLong(o -> o.id);
            if (!"asc".equalsIgnoreCase(query.get("order"))) {
                order = order.reversed();
            }
            List<ShopOrder> matching = orders.values().stream()
                    .filter(o -> statuses.contains("any") ? !o.trashed : statuses.contains(o.trashed ? "trash" : o.status))
                    .sorted(order)
                    .toList();
            ArrayNode items = PhpJson.MAPPER.createArrayNode();
            matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(o -> items.add(orderJson(o)));
            return new Page(items, matching.size(), (matching.size() + perPage - 1) / perPage);
        }
    }

    ObjectNode updateOrder(long orderId, JsonNode body) {
        synchronized (lock) {
            ShopOrder order = order(orderId, 400, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
            if (body.hasNonNull("status")) {
                requireRegisteredStatus(body.get("status").asText());
            }
            String before = orderFingerprint(order);
            changes.applyOrderFields(order, body);
            if (changes.applyItems(order, body)) {
                order.recalculate(rules, itemIds::getAndIncrement);
            }
            if (body.path("set_paid").asBoolean(false) && order.paid == null) {
                order.paid = now();
                changeStatus(order, "processing");
            }
            if (body.hasNonNull("status")) {
                changeStatus(order, body.get("status").asText());
            }
            if (!before.equals(orderFingerprint(order))) {
                order.modified = now();
            }
            // WooCommerce fires woocommerce_update_order on every save, changed or not.
            changeListener.accept("order.updated", orderId);
            return orderJson(order);
        }
    }

    ObjectNode deleteOrder(long orderId, boolean force) {
        synchronized (lock) {
            ShopOrder order = order(orderId, 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
            ObjectNode previous = orderJson(order);
            if (force) {
                orders.remove(orderId);
            } else if (order.trashed) {
                throw new RestError(410, "woocommerce_rest_already_trashed", "The order has already been deleted.");
            } else {
                order.trashed = true;
                order.modified = now();
                previous = orderJson(order);
            }
            changeListener.accept("order.deleted", orderId);
            return previous;
        }
    }

    // ---------------------------------------------------------------- notes

    ObjectNode createNote(long orderId, JsonNode body, OrderNote.Origin origin, String author) {
        synchronized (lock) {
            ShopOrder order = order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            String text = body.path("note").asText("");
            if (!body.hasNonNull("note")) {
                throw missingParameter("note");
            }
            if (text.isEmpty()) {
                throw new RestError(500, "woocommerce_api_cannot_create_order_note", "Cannot create order note, please try again.");
            }
            String noteAuthor = author != null ? author : body.path("added_by_user").asBoolean(false) ? "admin" : "system";
            OrderNote note = new OrderNote(noteIds.getAndIncrement(), Long.toString(orderId), noteAuthor, now(), text,
                    body.path("customer_note").asBoolean(false), origin);
            order.notes.add(note);
            // Adding a note does not save the order: no webhook, date_modified unchanged.
            return order.noteJson(note, siteZone, restBase);
        }
    }

    ArrayNode listNotes(long orderId, String type) {
        synchronized (lock) {
            ShopOrder order = order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            ArrayNode list = PhpJson.MAPPER.createArrayNode();
            for (int i = order.notes.size() - 1; i >= 0; i--) {
                OrderNote note = order.notes.get(i);
                boolean wanted = switch (type) {
                    case "customer" -> note.customerNote();
                    case "internal" -> !note.customerNote();
                    default -> true;
                };
                if (wanted) {
                    list.add(order.noteJson(note, siteZone, restBase));
                }
            }
            return list;
        }
    }

    ObjectNode getNote(long orderId, long noteId) {
        synchronized (lock) {
            ShopOrder order = order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            return order.noteJson(note(order, noteId), siteZone, restBase);
        }
    }

    ObjectNode deleteNote(long orderId, long noteId, boolean force) {
        synchronized (lock) {
            ShopOrder order = order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            OrderNote note = note(order, noteId);
            if (!force) {
                throw new RestError(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
            }
            order.notes.remove(note);
            return order.noteJson(note, siteZone, restBase);
        }
    }

    List<OrderNote> notes(long orderId) {
        synchronized (lock) {
            return List.copyOf(order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.").notes);
        }
    }

    // ---------------------------------------------------------------- refunds

    ObjectNode createRefund(long orderId, JsonNode body) {
        synchronized (lock) {
            ShopOrder order = order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            ShopMoney money = rules.money();
            List<ShopOrder.RefundLine> lines = new ArrayList<>();
            long linesAmount = 0;
            for (JsonNode requested : body.path("line_items")) {
                Optional<Item> refunded = order.item(requested.path("id").asLong(-1));
                if (refunded.isEmpty() || refunded.get().kind == ItemKind.COUPON) {
                    continue; // wc_create_refund skips ids that are not rows of the order
                }
                Item item = refunded.get();
                long total = requested.has("refund_total") ? money.parse(requested.get("refund_total")) : 0;
                Map<Integer, Long> taxes = new LinkedHashMap<>();
                for (JsonNode tax : requested.path("refund_tax")) {
                    JsonNode amount = tax.has("refund_total") ? tax.get("refund_total") : tax.path("amount");
                    long value = amount.isMissingNode() || amount.isNull() ? 0 : money.parse(amount);
                    taxes.merge(tax.path("id").asInt(), value, Long::sum);
                }
                BigDecimal quantity = requested.hasNonNull("quantity") ? OrderChanges.quantity(requested.get("quantity")) : BigDecimal.ZERO;
                if (quantity.signum() == 0 && total == 0 && taxes.values().stream().allMatch(v -> v == 0)) {
                    continue;
                }
                linesAmount += total + taxes.values().stream().mapToLong(Long::longValue).sum();
                lines.add(new ShopOrder.RefundLine(itemIds.getAndIncrement(), item.id, metaIds.getAndIncrement(),
                        item.kind, item.kind == ItemKind.SHIPPING ? item.methodTitle : item.name, item.productId,
                        item.variationId, item.sku, item.taxClass, item.methodId, item.methodTitle, quantity, total, taxes));
            }
            long amount = body.hasNonNull("amount") ? money.parse(body.get("amount")) : linesAmount;
            if (amount <= 0) {
                throw new RestError(400, "woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.");
            }
            if (amount > order.total - order.refundedAmount()) {
                // wc_create_refund's error surfaces through the REST API as a 500.
                throw new RestError(500, "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.");
            }
            Instant now = now();
            ShopOrder.Refund refund = new ShopOrder.Refund(postIds.incrementAndGet(), now, amount,
                    body.path("reason").asText(""), body.path("api_refund").asBoolean(true), lines);
            order.refunds.add(refund);
            if (order.refundedAmount() == order.total) {
                // wc_order_fully_refunded(): a fully refunded order becomes "refunded".
                changeStatus(order, "refunded");
            }
            order.modified = now;
            changeListener.accept("order.updated", orderId);
            return order.refundJson(refund, money, siteZone, restBase);
        }
    }

    ObjectNode getRefund(long orderId, long refundId) {
        synchronized (lock) {
            ShopOrder order = order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            return order.refundJson(refund(order, refundId), rules.money(), siteZone, restBase);
        }
    }

    ArrayNode listRefunds(long orderId) {
        synchronized (lock) {
            ShopOrder order = order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            ArrayNode list = PhpJson.MAPPER.createArrayNode();
            for (int i = order.refunds.size() - 1; i >= 0; i--) {
                list.add(order.refundJson(order.refunds.get(i), rules.money(), siteZone, restBase));
            }
            return list;
        }
    }

    ObjectNode deleteRefund(long orderId, long refundId, boolean force) {
        synchronized (lock) {
            ShopOrder order = order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            ShopOrder.Refund refund = refund(order, refundId);
            if (!force) {
                throw new RestError(501, "woocommerce_rest_trash_not_supported", "Refunds do not support trashing.");
            }
            order.refunds.remove(refund);
            order.modified = now();
            changeListener.accept("order.updated", orderId);
            return order.refundJson(refund, rules.money(), siteZone, restBase);
        }
    }

    // ---------------------------------------------------------------- webhook payloads

    /** The payload WooCommerce builds at send time; empty when there is nothing to send any more. */
    Optional<JsonNode> webhookPayload(String topic, long orderId) {
        synchronized (lock) {
            if (topic.endsWith(".deleted")) {
                ObjectNode deleted = PhpJson.MAPPER.createObjectNode();
                deleted.put("id", orderId);
                return Optional.of(deleted);
            }
            ShopOrder order = orders.get(orderId);
            if (order == null) {
                return Optional.empty();
            }
            return Optional.of(orderJson(order));
        }
    }

    // ---------------------------------------------------------------- internals

    private ObjectNode orderJson(ShopOrder order) {
        ObjectNode json = order.toJson(rules, siteZone, restBase, statusLabels);
        if (order.trashed) {
            json.put("status", "trash");
        }
        return json;
    }

    private ShopOrder order(long orderId, int status, String code, String message) {
        ShopOrder order = orders.get(orderId);
        if (order == null) {
            throw new RestError(status, code, message);
        }
        return order;
    }

    private static OrderNote note(ShopOrder order, long noteId) {
        return order.notes.stream().filter(note -> note.id() == noteId).findFirst()
                .orElseThrow(() -> new RestError(404, "woocommerce_rest_invalid_id", "Invalid resource ID."));
    }

    private static ShopOrder.Refund refund(ShopOrder order, long refundId) {
        return order.refunds.stream().filter(refund -> refund.id() == refundId).findFirst()
                .orElseThrow(() -> new RestError(404, "woocommerce_rest_shop_order_refund_invalid_id", "Invalid ID."));
    }

    private Instant now() {
        // WordPress keeps dates to the second: two changes within one second share date_modified_gmt.
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private void requireRegisteredStatus(String status) {
        if (statusLabels.containsKey(status)) {
            return;
        }
        List<String> slugs = new ArrayList<>(statusLabels.keySet());
        String list = slugs.size() == 1 ? slugs.get(0)
                : String.join(", ", slugs.subList(0, slugs.size() - 1)) + ", and " + slugs.get(slugs.size() - 1);
        String detail = "status is not one of " + list + ".";
        ObjectNode data = PhpJson.MAPPER.createObjectNode();
        data.putObject("params").put("status", detail);
        ObjectNode details = data.putObject("details").putObject("status");
        details.put("code", "rest_not_in_enum");
        details.put("message", detail);
        details.putNull("data");
        throw new RestError(400, "rest_invalid_param", "Invalid parameter(s): status", data);
    }

    private static RestError missingParameter(String name) {
        ObjectNode data = PhpJson.MAPPER.createObjectNode();
        data.putArray("params").add(name);
        return new RestError(400, "rest_missing_callback_param", "Missing parameter(s): " + name, data);
    }

    private void changeStatus(ShopOrder order, String to) {
        String from = order.status;
        if (from.equals(to)) {
            return;
        }
        order.status = to;
        Instant now = now();
        if (to.equals("refunded")) {
            refundWhatIsLeft(order, now);
        }
        if (order.paid == null && (to.equals("processing") || to.equals("completed"))) {
            order.paid = now;
        }
        if (to.equals("completed")) {
            order.completed = now;
        }
        order.notes.add(new OrderNote(noteIds.getAndIncrement(), Long.toString(order.id), "system", now,
                "Order status changed from " + statusLabels.getOrDefault(from, from) + " to "
                        + statusLabels.getOrDefault(to, to) + ".", false, OrderNote.Origin.STATUS_CHANGE));
    }

    /**
     * wc_order_fully_refunded(), which WooCommerce runs when an order's status becomes "refunded"
     * (by the last refund, or by the merchant): it refunds what is left itself, "Order fully
     * refunded.", no rows, not through the gateway. What is left is computed in PHP floats, the
     * order's total less the sum of its refunds' amounts, and written by wc_format_decimal (six
     * decimals, zeros trimmed). Exactly 0 or a crumb above it is "0", which PHP takes as false:
     * nothing. A crumb below it, as 173.54 - (24.99 + 148.55) = -2.8e-14 in real order 61, is "-0",
     * which PHP takes as true: a refund of 0.00.
     */
    private void refundWhatIsLeft(ShopOrder order, Instant now) {
        ShopMoney money = rules.money();
        double refunded = 0;
        for (ShopOrder.Refund refund : order.refunds) {
            refunded += Double.parseDouble(money.format(refund.amount()));
        }
        String maxRefund = phpFormatDecimal(Double.parseDouble(money.format(order.total)) - refunded);
        if (maxRefund.isEmpty() || maxRefund.equals("0")) {
            return;
        }
        long amount = Math.max(0, money.parse(maxRefund));
        order.refunds.add(new ShopOrder.Refund(postIds.incrementAndGet(), now, amount, "Order fully refunded.", false,
                List.of()));
        order.notes.add(new OrderNote(noteIds.getAndIncrement(), Long.toString(order.id), "system", now,
                "Order status set to refunded. To return funds to the customer you will need to issue a refund "
                        + "through your payment gateway.", false, OrderNote.Origin.STATUS_CHANGE));
    }

    /** wc_format_decimal($float) without decimals given: sprintf('%.6f'), trailing zeros and point trimmed. */
    static String phpFormatDecimal(double value) {
        String text = String.format(Locale.ROOT, "%.6f", value);
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "");
            text = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        }
        return text;
    }

    private String orderFingerprint(ShopOrder order) {
        ObjectNode json = order.toJson(rules, siteZone, restBase == null ? "" : restBase, statusLabels);
        json.remove("date_modified");
        json.remove("date_modified_gmt");
        return json.toString();
    }

    private static int intParam(Map<String, String> query, String name, int fallback) {
        try {
            return query.containsKey(name) ? Integer.parseInt(query.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw new RestError(400, "rest_invalid_param", "Invalid parameter(s): " + name);
        }
    }
}
