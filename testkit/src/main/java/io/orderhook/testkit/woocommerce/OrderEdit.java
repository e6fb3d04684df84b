package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a merchant changes on the order edit screen before pressing "Recalculate" and
 * "Update", for {@link ShopSimulator#editOrder}. Becomes a REST v3 update body; line ids are
 * the {@code id}s of {@code line_items}, {@code shipping_lines}, {@code fee_lines} and
 * {@code coupon_lines}.
 */
public final class OrderEdit {
    private final ArrayNode lines = PhpJson.MAPPER.createArrayNode();
    private final ArrayNode shipping = PhpJson.MAPPER.createArrayNode();
    private final ArrayNode fees = PhpJson.MAPPER.createArrayNode();
    private final ArrayNode coupons = PhpJson.MAPPER.createArrayNode();

    public OrderEdit setQuantity(String lineId, long quantity) {
        return setQuantity(lineId, BigDecimal.valueOf(quantity));
    }

    /** A new quantity of a row sold by weight or length ("2.75"). */
    public OrderEdit setQuantity(String lineId, BigDecimal quantity) {
        ObjectNode line = existing(lines, lineId);
        line.put("quantity", OrderJson.quantityJson(quantity));
        return this;
    }

    /** A new unit price as the merchant enters it (with tax when the order's prices include tax). */
    public OrderEdit setUnitPrice(String lineId, String unitPrice) {
        ObjectNode line = existing(lines, lineId);
        line.put("price", unitPrice);
        return this;
    }

    public OrderEdit removeLine(String lineId) {
        ObjectNode line = existing(lines, lineId);
        line.put("quantity", 0);
        return this;
    }

    public OrderEdit addProduct(String sku, String name, long quantity, String unitPrice) {
        return addProduct(sku, name, quantity, unitPrice, "");
    }

    public OrderEdit addProduct(String sku, String name, long quantity, String unitPrice, String taxClass) {
        lines.addObject().put("name", name).put("sku", sku).put("quantity", quantity).put("price", unitPrice)
                .put("tax_class", taxClass);
        return this;
    }

    public OrderEdit setShippingTotal(String shippingLineId, String totalExcludingTax) {
        ObjectNode line = existing(shipping, shippingLineId);
        line.put("total", totalExcludingTax);
        return this;
    }

    public OrderEdit addFee(String name, String totalExcludingTax) {
        ObjectNode line = fees.addObject();
        line.put("name", name);
        line.put("total", totalExcludingTax);
        line.put("tax_status", "taxable");
        return this;
    }

    public OrderEdit removeFee(String feeLineId) {
        ObjectNode line = existing(fees, feeLineId);
        line.putNull("name");
        return this;
    }

    public OrderEdit addCoupon(String code) {
        coupons.addObject().put("code", code);
        return this;
    }

    public OrderEdit removeCoupon(String couponLineId) {
        ObjectNode line = existing(coupons, couponLineId);
        line.putNull("code");
        return this;
    }

    /** A change to the order's row {@code lineId} in {@code rows}. */
    private static ObjectNode existing(ArrayNode rows, String lineId) {
        ObjectNode line = rows.addObject();
        line.put("id", Long.parseLong(lineId));
        return line;
    }

    ObjectNode toRequest() {
        ObjectNode request = PhpJson.MAPPER.createObjectNode();
        if (!lines.isEmpty()) {
            request.set("line_items", lines.deepCopy());
        }
        if (!shipping.isEmpty()) {
            request.set("shipping_lines", shipping.deepCopy());
        }
        if (!fees.isEmpty()) {
            request.set("fee_lines", fees.deepCopy());
        }
        if (!coupons.isEmpty()) {
            request.set("coupon_lines", coupons.deepCopy());
        }
        return request;
    }
}
