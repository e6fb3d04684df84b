package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An order as a customer's checkout creates it, for {@link ShopSimulator#createOrder}. It is
 * turned into a REST v3 create body and goes through the same code as {@code POST /orders}.
 * Prices are decimal strings as the merchant entered them (with tax when the order's prices
 * include tax); shipping and fees are entered without tax, as in WooCommerce.
 */
public final class NewOrder {
    private final ObjectNode body = PhpJson.MAPPER.createObjectNode();
    private final ArrayNode lines = PhpJson.MAPPER.createArrayNode();
    private final ArrayNode shipping = PhpJson.MAPPER.createArrayNode();
    private final ArrayNode fees = PhpJson.MAPPER.createArrayNode();
    private final ArrayNode coupons = PhpJson.MAPPER.createArrayNode();
    private final ArrayNode meta = PhpJson.MAPPER.createArrayNode();
    private final Map<String, String> billing = new LinkedHashMap<>(Map.of(
            "first_name", "Tess", "last_name", "Persson", "address_1", "Testgatan 1", "city", "Testinge",
            "postcode", "12345", "country", "SE", "email", "tess.persson@example.com", "phone", "0701234567"));

    private NewOrder(String paymentMethod) {
        body.put("payment_method", paymentMethod);
        body.put("payment_method_title", paymentMethod.equals("bco") ? "Billmate Checkout" : paymentMethod);
        body.put("status", "processing");
    }

    /** A paid checkout order ("processing") with this payment gateway id, e.g. "bco". */
    public static NewOrder paidWith(String paymentMethod) {
        return new NewOrder(paymentMethod);
    }

    public NewOrder status(String status) {
        body.put("status", status);
        return this;
    }

    public NewOrder transactionId(String transactionId) {
        body.put("transaction_id", transactionId);
        return this;
    }

    public NewOrder paymentMethodTitle(String title) {
        body.put("payment_method_title", title);
        return this;
    }

    /** Overrides the shop's "prices entered with tax" setting for this order. */
    public NewOrder pricesIncludeTax(boolean pricesIncludeTax) {
        body.put("prices_include_tax", pricesIncludeTax);
        return this;
    }

    public NewOrder currency(String currency) {
        body.put("currency", currency);
        return this;
    }

    /** A product row in the Standard tax class. */
    public NewOrder product(String sku, String name, long quantity, String unitPrice) {
        return product(sku, name, quantity, unitPrice, "");
    }

    public NewOrder product(String sku, String name, long quantity, String unitPrice, String taxClass) {
        return product(sku, name, BigDecimal.valueOf(quantity), unitPrice, taxClass);
    }

    /**
     * A row sold by weight or length, as a quantity plugin makes WooCommerce keep it: a decimal
     * quantity ({@code "quantity": 3.5}) times the unit price.
     */
    public NewOrder product(String sku, String name, BigDecimal quantity, String unitPrice, String taxClass) {
        lines.addObject().put("name", name).put("sku", sku).put("quantity", OrderJson.quantityJson(quantity))
                .put("price", unitPrice).put("tax_class", taxClass);
        return this;
    }

    /** A product of the shop's catalog ({@link ShopSimulator.Builder#product}). */
    public NewOrder catalogProduct(long productId, long quantity) {
        ObjectNode line = lines.addObject();
        line.put("product_id", productId);
        line.put("quantity", quantity);
        return this;
    }

    public NewOrder shipping(String methodTitle, String totalExcludingTax) {
        ObjectNode line = shipping.addObject();
        line.put("method_id", "flat_rate");
        line.put("method_title", methodTitle);
        line.put("total", totalExcludingTax);
        return this;
    }

    public NewOrder fee(String name, String totalExcludingTax) {
        ObjectNode line = fees.addObject();
        line.put("name", name);
        line.put("total", totalExcludingTax);
        line.put("tax_status", "taxable");
        line.put("tax_class", "");
        return this;
    }

    public NewOrder coupon(String code) {
        coupons.addObject().put("code", code);
        return this;
    }

    public NewOrder meta(String key, String value) {
        ObjectNode entry = meta.addObject();
        entry.put("key", key);
        entry.put("value", value);
        return this;
    }

    public NewOrder billing(String field, String value) {
        billing.put(field, value);
        return this;
    }

    /** The IP address the customer checks out from ({@code customer_ip_address}; the REST API cannot set it). */
    public NewOrder customerIp(String ip) {
        body.put("customer_ip_address", ip);
        return this;
    }

    public NewOrder customerNote(String note) {
        body.put("customer_note", note);
        return this;
    }

    ObjectNode toRequest() {
        ObjectNode request = body.deepCopy();
        ObjectNode address = request.putObject("billing");
        billing.forEach(address::put);
        ObjectNode shippingAddress = request.putObject("shipping");
        billing.forEach((field, value) -> {
            if (!field.equals("email")) {
                shippingAddress.put(field, value);
            }
        });
        request.set("line_items", lines.deepCopy());
        request.set("shipping_lines", shipping.deepCopy());
        request.set("fee_lines", fees.deepCopy());
        request.set("coupon_lines", coupons.deepCopy());
        request.set("meta_data", meta.deepCopy());
        return request;
    }
}
