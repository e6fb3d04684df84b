package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.testkit.woocommerce.ShopOrder.Item;
import io.orderhook.testkit.woocommerce.ShopOrder.ItemKind;

/**
 * An order's refunds as WooCommerce makes them (wc_create_refund, wc_order_fully_refunded): rows
 * and amounts checked against what is left, the order turned "refunded" when nothing is left, and
 * the refund of what is left when the merchant sets "refunded" himself. Under the shop's lock.
 */
final class ShopRefunds {
    private final SimulatedShop shop;

    ShopRefunds(SimulatedShop shop) {
        this.shop = shop;
    }

    ObjectNode create(long orderId, JsonNode body) {
        synchronized (shop.lock) {
            ShopOrder order = shop.order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            ShopMoney money = shop.rules.money();
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
                lines.add(new ShopOrder.RefundLine(shop.itemIds.getAndIncrement(), item.id, shop.metaIds.getAndIncrement(),
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
            Instant now = shop.now();
            ShopOrder.Refund refund = new ShopOrder.Refund(shop.postIds.incrementAndGet(), now, amount,
                    body.path("reason").asText(""), body.path("api_refund").asBoolean(true), lines);
            order.refunds.add(refund);
            if (order.refundedAmount() == order.total) {
                // wc_order_fully_refunded(): a fully refunded order becomes "refunded".
                shop.changeStatus(order, "refunded");
            }
            order.modified = now;
            shop.changeListener.accept("order.updated", orderId);
            return order.refundJson(refund, money, shop.siteZone, shop.restBase());
        }
    }

    ObjectNode get(long orderId, long refundId) {
        synchronized (shop.lock) {
            ShopOrder order = shop.order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            return order.refundJson(refund(order, refundId), shop.rules.money(), shop.siteZone, shop.restBase());
        }
    }

    ArrayNode list(long orderId) {
        synchronized (shop.lock) {
            ShopOrder order = shop.order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            ArrayNode list = PhpJson.MAPPER.createArrayNode();
            for (int i = order.refunds.size() - 1; i >= 0; i--) {
                list.add(order.refundJson(order.refunds.get(i), shop.rules.money(), shop.siteZone, shop.restBase()));
            }
            return list;
        }
    }

    ObjectNode delete(long orderId, long refundId, boolean force) {
        synchronized (shop.lock) {
            ShopOrder order = shop.order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            ShopOrder.Refund refund = refund(order, refundId);
            if (!force) {
                throw new RestError(501, "woocommerce_rest_trash_not_supported", "Refunds do not support trashing.");
            }
            order.refunds.remove(refund);
            order.modified = shop.now();
            shop.changeListener.accept("order.updated", orderId);
            return order.refundJson(refund, shop.rules.money(), shop.siteZone, shop.restBase());
        }
    }

    private static ShopOrder.Refund refund(ShopOrder order, long refundId) {
        return order.refunds.stream().filter(refund -> refund.id() == refundId).findFirst()
                .orElseThrow(() -> new RestError(404, "woocommerce_rest_shop_order_refund_invalid_id", "Invalid ID."));
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
    void refundWhatIsLeft(ShopOrder order, Instant now) {
        ShopMoney money = shop.rules.money();
        double refunded = 0;
        for (ShopOrder.Refund refund : order.refunds) {
            refunded += Double.parseDouble(money.format(refund.amount()));
        }
        String maxRefund = phpFormatDecimal(Double.parseDouble(money.format(order.total)) - refunded);
        if (maxRefund.isEmpty() || maxRefund.equals("0")) {
            return;
        }
        long amount = Math.max(0, money.parse(maxRefund));
        order.refunds.add(new ShopOrder.Refund(shop.postIds.incrementAndGet(), now, amount, "Order fully refunded.", false,
                List.of()));
        order.notes.add(new OrderNote(shop.noteIds.getAndIncrement(), Long.toString(order.id), "system", now,
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
}
