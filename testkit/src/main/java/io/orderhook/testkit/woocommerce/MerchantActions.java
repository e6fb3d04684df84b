package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the customer and the merchant do in the shop, for {@link ShopSimulator}'s Java API: each
 * action builds the REST request body the admin or the checkout would and runs it through the same
 * code as the REST API (without authentication, outage or call counting), so every change fires
 * the same webhooks. A refusal is an IllegalArgumentException naming WooCommerce's error.
 */
final class MerchantActions {
    private final SimulatedShop shop;

    MerchantActions(SimulatedShop shop) {
        this.shop = shop;
    }

    String createOrder(NewOrder order) {
        ObjectNode created = asMerchant(() -> shop.createOrder(order.toRequest(), "checkout"));
        return created.get("id").asText();
    }

    void setStatus(String orderId, String status) {
        ObjectNode body = PhpJson.MAPPER.createObjectNode();
        body.put("status", status);
        asMerchant(() -> shop.updateOrder(id(orderId), body));
    }

    void editOrder(String orderId, Consumer<OrderEdit> edit) {
        String status = status(orderId);
        if (!ShopSimulator.EDITABLE_STATUSES.contains(status)) {
            throw new IllegalStateException("order " + orderId + " is " + status
                    + ": WooCommerce lets a merchant edit rows only while an order is pending or on hold; set it on-hold first");
        }
        OrderEdit changes = new OrderEdit();
        edit.accept(changes);
        asMerchant(() -> shop.updateOrder(id(orderId), changes.toRequest()));
    }

    JsonNode updateOrder(String orderId, String requestJson) {
        return asMerchant(() -> shop.updateOrder(id(orderId), parse(requestJson)));
    }

    void deleteRefund(String orderId, String refundId) {
        asMerchant(() -> shop.deleteRefund(id(orderId), Long.parseLong(refundId), true));
    }

    String refund(String orderId, RefundSpec spec) {
        JsonNode order = order(orderId);
        ShopMoney money = shop.rules().money();
        ObjectNode body = PhpJson.MAPPER.createObjectNode();
        ArrayNode lines = body.putArray("line_items");
        long sum = 0;
        for (RefundSpec.Row row : spec.rows()) {
            JsonNode line = findLine(order, row.lineId());
            BigDecimal lineQuantity = line.has("quantity") ? line.get("quantity").decimalValue() : BigDecimal.ONE;
            BigDecimal quantity = line.has("quantity") ? row.quantity() : BigDecimal.ONE;
            long total = share(money.parse(line.get("total").asText()), quantity, lineQuantity);
            ObjectNode refundLine = lines.addObject();
            refundLine.put("id", Long.parseLong(row.lineId()));
            refundLine.put("quantity", quantity);
            refundLine.put("refund_total", money.format(total));
            sum += total;
            ArrayNode taxes = refundLine.putArray("refund_tax");
            for (JsonNode tax : line.path("taxes")) {
                BigDecimal taxMinor = new BigDecimal(tax.get("total").asText()).movePointRight(money.decimals());
                long taxShare = taxMinor.multiply(quantity).divide(lineQuantity, 0, RoundingMode.HALF_UP).longValueExact();
                ObjectNode refundTax = taxes.addObject();
                refundTax.put("id", tax.get("id").asInt());
                refundTax.put("refund_total", money.format(taxShare));
                sum += taxShare;
            }
        }
        body.put("amount", spec.amountOrNull() != null ? spec.amountOrNull() : money.format(sum));
        body.put("reason", spec.reasonText());
        body.put("api_refund", spec.isApiRefund());
        return asMerchant(() -> shop.createRefund(id(orderId), body)).get("id").asText();
    }

    OrderNote addMerchantNote(String orderId, String text, boolean customerNote) {
        ObjectNode body = PhpJson.MAPPER.createObjectNode();
        body.put("note", text);
        body.put("customer_note", customerNote);
        ObjectNode note = asMerchant(() -> shop.createNote(id(orderId), body, OrderNote.Origin.MERCHANT, "admin"));
        long noteId = note.get("id").asLong();
        return notes(orderId).stream().filter(n -> n.id() == noteId).findFirst().orElseThrow();
    }

    void trashOrder(String orderId) {
        asMerchant(() -> shop.deleteOrder(id(orderId), false));
    }

    JsonNode order(String orderId) {
        return asMerchant(() -> shop.getOrder(id(orderId)));
    }

    String status(String orderId) {
        return order(orderId).get("status").asText();
    }

    String lineId(String orderId, String sku) {
        for (JsonNode line : order(orderId).path("line_items")) {
            if (line.path("sku").asText().equals(sku)) {
                return line.get("id").asText();
            }
        }
        throw new IllegalArgumentException("order " + orderId + " has no row with SKU " + sku);
    }

    List<String> shippingLineIds(String orderId) {
        List<String> ids = new ArrayList<>();
        order(orderId).path("shipping_lines").forEach(line -> ids.add(line.get("id").asText()));
        return ids;
    }

    List<OrderNote> notes(String orderId) {
        return asMerchant(() -> shop.notes(id(orderId)));
    }

    List<OrderNote> notes(String orderId, OrderNote.Origin origin) {
        return notes(orderId).stream().filter(note -> note.origin() == origin).toList();
    }

    Map<String, String> meta(String orderId) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (JsonNode entry : order(orderId).path("meta_data")) {
            JsonNode value = entry.get("value");
            meta.put(entry.get("key").asText(), value.isTextual() ? value.asText() : value.toString());
        }
        return meta;
    }

    JsonNode refundJson(String orderId, String refundId) {
        return asMerchant(() -> shop.getRefund(id(orderId), id(refundId)));
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("WooCommerce ids are numbers, not \"" + id + "\"", e);
        }
    }

    private static <T> T asMerchant(Supplier<T> action) {
        try {
            return action.get();
        } catch (RestError e) {
            throw new IllegalArgumentException("the shop refused: " + e.status + " " + e.code + ": " + e.getMessage()
                    + (e.extraData == null ? "" : " " + e.extraData), e);
        }
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) PhpJson.MAPPER.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + json, e);
        }
    }

    private static JsonNode findLine(JsonNode order, String lineId) {
        for (String field : List.of("line_items", "shipping_lines", "fee_lines")) {
            for (JsonNode line : order.path(field)) {
                if (line.get("id").asText().equals(lineId)) {
                    return line;
                }
            }
        }
        throw new IllegalArgumentException("order " + order.get("id") + " has no row " + lineId);
    }

    private static long share(long amount, BigDecimal quantity, BigDecimal ofQuantity) {
        return BigDecimal.valueOf(amount).multiply(quantity).divide(ofQuantity, 0, RoundingMode.HALF_UP).longValueExact();
    }
}
