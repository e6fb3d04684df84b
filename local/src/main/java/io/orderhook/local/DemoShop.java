package io.orderhook.local;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.provider.ProviderResult;
import io.orderhook.shop.woocommerce.WooOrderJson;

/**
 * The demo shop as its customer and merchant use it: orders placed and changed through the shop
 * simulator's REST API (which delivers the signed webhooks), payments reserved and looked up at
 * the provider's sandbox ({@link DemoProvider}) as a checkout and the provider's back office would.
 */
final class DemoShop {
    private static final DateTimeFormatter WOO_GMT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final String REST = LocalBackend.WOOCOMMERCE_PATH + "/wp-json/wc/v3";

    /** An order the customer placed, with the payment reserved for it at {@code provider}. */
    record Order(String id, String paymentNumber, String currency, String total, DemoProvider provider) {}

    private final LocalHttp shop;
    private final URI base;

    DemoShop(LocalHttp admin) {
        this.shop = new LocalHttp(admin.base(), LocalShops.DEMO_REST_KEY, LocalShops.DEMO_REST_SECRET, shopOrigin(admin));
        this.base = admin.base();
    }

    /**
     * The scheme, host and port of the simulator's home URL, from WordPress's index: WooCommerce
     * checks OAuth signatures against it, whatever name this machine used to reach it (a stack
     * started with --host 0.0.0.0 calls itself http://0.0.0.0:3000). Falls back to the base URL.
     */
    private static URI shopOrigin(LocalHttp admin) {
        try {
            LocalHttp.Answer index = admin.get(LocalBackend.WOOCOMMERCE_PATH + "/wp-json/");
            if (index.ok() && index.body().hasNonNull("home")) {
                URI home = URI.create(index.body().get("home").asText());
                return URI.create(home.getScheme() + "://" + home.getRawAuthority());
            }
        } catch (RuntimeException notRunning) {
            // DemoRun reports a stack that does not answer
        }
        return admin.base();
    }

    /** A customer checks out: the order is placed and the payment reserved at the provider; the order is not paid yet. */
    Order checkout(int mugs, DemoProvider provider) {
        ObjectNode order = Json.MAPPER.createObjectNode();
        order.put("status", "pending");
        order.put("payment_method", provider.paymentMethod);
        order.put("payment_method_title", provider.checkoutName);
        ArrayNode lines = order.putArray("line_items");
        lines.addObject().put("name", "Mug").put("sku", "MUG").put("quantity", mugs).put("price", "100.00").put("tax_class", "");
        lines.addObject().put("name", "Cup").put("sku", "CUP").put("quantity", 1).put("price", "80.00").put("tax_class", "");
        order.putArray("shipping_lines").addObject().put("method_id", "flat_rate").put("method_title", "PostNord").put("total", "49.00");
        ObjectNode billing = order.putObject("billing");
        billing.put("first_name", "Tess").put("last_name", "Persson").put("country", "SE").put("email", "tess.persson@example.com");
        LocalHttp.Answer created = shop.post(REST + "/orders", order);
        require(created, "creating an order in the shop simulator");
        String orderId = created.body().get("id").asText();
        OrderSnapshot snapshot = WooOrderJson.order(created.body());
        String number = provider.pay(base, created.body());
        return new Order(orderId, number, snapshot.currency(), created.body().get("total").asText(), provider);
    }

    /** Saves a change of the order (the shop then sends order.updated). */
    void update(String orderId, Map<String, Object> change) throws InterruptedException {
        awaitNextSecond(orderId);
        require(shop.put(REST + "/orders/" + orderId, change), "changing order " + orderId);
    }

    /** "Refund manually" in the order's refund form: WooCommerce records the refund and orderhook credits it at Billmate. */
    void refundManually(String orderId, String amount, String reason, ObjectNode line) throws InterruptedException {
        ObjectNode refund = Json.MAPPER.createObjectNode();
        refund.put("amount", amount);
        refund.put("reason", reason);
        // ("Refund via <gateway>" would mean the gateway paid it back; orderhook then only records it.)
        refund.put("api_refund", false);
        if (line != null) {
            refund.putArray("line_items").add(line);
        }
        awaitNextSecond(orderId);
        require(shop.post(REST + "/orders/" + orderId + "/refunds", refund), "refunding order " + orderId);
    }

    /** The refund form's row for one unit of the line with this SKU; its amount with tax is {@link #amount}. */
    ObjectNode oneUnit(String orderId, String sku) {
        JsonNode line = line(orderId, sku);
        long quantity = line.get("quantity").asLong();
        String unitTotal = money(line.get("total").asText(), quantity);
        String unitTax = money(line.get("total_tax").asText(), quantity);
        ObjectNode row = Json.MAPPER.createObjectNode();
        row.put("id", line.get("id").asLong());
        row.put("quantity", 1);
        row.put("refund_total", unitTotal);
        row.putArray("refund_tax").addObject().put("id", line.at("/taxes/0/id").asInt()).put("refund_total", unitTax);
        return row;
    }

    /** What a refund form row pays back, tax included. */
    static String amount(JsonNode row) {
        return new BigDecimal(row.get("refund_total").asText()).add(new BigDecimal(row.at("/refund_tax/0/refund_total").asText()))
                .toPlainString();
    }

    /** The order's total less what was refunded, as WooCommerce's refund form proposes it. */
    String remaining(String orderId) {
        JsonNode order = order(orderId);
        BigDecimal total = new BigDecimal(order.get("total").asText());
        for (JsonNode refund : order.path("refunds")) {
            // refunds[].total is negative in WooCommerce's order JSON.
            total = total.add(new BigDecimal(refund.get("total").asText()));
        }
        return total.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    long lineId(String orderId, String sku) {
        return line(orderId, sku).get("id").asLong();
    }

    /** When the order was last saved, in WooCommerce's whole seconds. */
    Instant modified(String orderId) {
        return LocalDateTime.parse(order(orderId).path("date_modified_gmt").asText(), WOO_GMT).toInstant(ZoneOffset.UTC);
    }

    /** The payment's status as its provider reports it, or null when the sandbox does not answer. */
    String paymentStatus(Order order) {
        return order.provider().client(base).status(order.paymentNumber()) instanceof ProviderResult.Done done
                ? done.info().providerStatus() : null;
    }

    private JsonNode order(String orderId) {
        return shop.get(REST + "/orders/" + orderId).body();
    }

    private JsonNode line(String orderId, String sku) {
        for (JsonNode line : order(orderId).path("line_items")) {
            if (sku.equals(line.path("sku").asText())) {
                return line;
            }
        }
        throw new IllegalStateException("order " + orderId + " has no " + sku + " line");
    }

    /**
     * WooCommerce dates have whole seconds, and orderhook orders snapshots by them: a merchant
     * never saves the same order twice within a second, and neither does the demo.
     */
    private void awaitNextSecond(String orderId) throws InterruptedException {
        long wait = modified(orderId).plusSeconds(1).toEpochMilli() - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait + 20);
        }
    }

    private static String money(String rowTotal, long quantity) {
        return new BigDecimal(rowTotal).divide(BigDecimal.valueOf(quantity), 2, RoundingMode.HALF_UP).toPlainString();
    }

    private static void require(LocalHttp.Answer answer, String doing) {
        if (!answer.ok()) {
            throw new IllegalStateException(doing + " failed: HTTP " + answer.status() + " " + answer.body());
        }
    }
}
