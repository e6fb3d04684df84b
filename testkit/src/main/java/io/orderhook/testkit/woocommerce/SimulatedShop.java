package io.orderhook.testkit.woocommerce;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shop's data and the WooCommerce rules for changing it. Every change, whether it comes
 * from a REST request or from the merchant through the Java API, goes through these methods,
 * which take REST v3 request bodies and answer REST v3 response bodies. One lock guards all.
 */
final class SimulatedShop {
    final Object lock = new Object();
    final ShopRules rules;
    final ZoneId siteZone;
    private final Clock clock;
    private final Map<String, String> statusLabels;
    private final Map<Long, ProductSpec> products;
    private final String currency;
    private final boolean pricesIncludeTax;
    private final Map<Long, ShopOrder> orders = new TreeMap<>();
    final AtomicLong postIds = new AtomicLong(1000);
    final AtomicLong itemIds = new AtomicLong(1);
    final AtomicLong noteIds = new AtomicLong(1);
    final AtomicLong metaIds = new AtomicLong(1);
    final BiConsumer<String, Long> changeListener;
    private final OrderChanges changes;
    private final ShopNotes notes = new ShopNotes(this);
    private final ShopRefunds refunds = new ShopRefunds(this);
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

    /**
     * {@code GET /reports/orders/totals}: every order status the shop has registered, with its
     * label and how many orders have it (WooCommerce lists {@code wc_get_order_statuses()}, slugs
     * without {@code wc-}).
     */
    ArrayNode orderTotals() {
        synchronized (lock) {
            ArrayNode report = PhpJson.MAPPER.createArrayNode();
            statusLabels.forEach((slug, label) -> report.addObject().put("slug", slug).put("name", label)
                    .put("total", orders.values().stream().filter(o -> slug.equals(o.status)).count()));
            return report;
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
            if (createdVia.equals("checkout")) {
                order.customerIp = body.path("customer_ip_address").asText("");
            }
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
            OrderListing.Query listing = OrderListing.read(query, siteZone);
            int perPage = listing.perPage();
            int page = listing.page();
            List<ShopOrder> matching = orders.values().stream()
                    .filter(o -> statuses.contains("any") ? !o.trashed : statuses.contains(o.trashed ? "trash" : o.status))
                    .filter(listing.filter())
                    .sorted(listing.order())
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

    // ---------------------------------------------------------------- notes ({@link ShopNotes})

    ObjectNode createNote(long orderId, JsonNode body, OrderNote.Origin origin, String author) {
        return notes.create(orderId, body, origin, author);
    }

    ArrayNode listNotes(long orderId, String type) {
        return notes.list(orderId, type);
    }

    ObjectNode getNote(long orderId, long noteId) {
        return notes.get(orderId, noteId);
    }

    ObjectNode deleteNote(long orderId, long noteId, boolean force) {
        return notes.delete(orderId, noteId, force);
    }

    List<OrderNote> notes(long orderId) {
        return notes.all(orderId);
    }

    // ---------------------------------------------------------------- refunds ({@link ShopRefunds})

    ObjectNode createRefund(long orderId, JsonNode body) {
        return refunds.create(orderId, body);
    }

    ObjectNode getRefund(long orderId, long refundId) {
        return refunds.get(orderId, refundId);
    }

    ArrayNode listRefunds(long orderId) {
        return refunds.list(orderId);
    }

    ObjectNode deleteRefund(long orderId, long refundId, boolean force) {
        return refunds.delete(orderId, refundId, force);
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

    ShopOrder order(long orderId, int status, String code, String message) {
        ShopOrder order = orders.get(orderId);
        if (order == null) {
            throw new RestError(status, code, message);
        }
        return order;
    }

    Instant now() {
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

    void changeStatus(ShopOrder order, String to) {
        String from = order.status;
        if (from.equals(to)) {
            return;
        }
        order.status = to;
        Instant now = now();
        if (to.equals("refunded")) {
            refunds.refundWhatIsLeft(order, now);
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

    private String orderFingerprint(ShopOrder order) {
        ObjectNode json = order.toJson(rules, siteZone, restBase == null ? "" : restBase, statusLabels);
        json.remove("date_modified");
        json.remove("date_modified_gmt");
        return json.toString();
    }
}
