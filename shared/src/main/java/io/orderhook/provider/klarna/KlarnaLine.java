package io.orderhook.provider.klarna;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.TaxSplit;

/**
 * One item of Klarna's {@code order_lines}, amounts in minor units including tax (Klarna's lines
 * are tax-inclusive outside the US).
 *
 * @param type                {@code physical}, {@code shipping_fee}, {@code surcharge} or {@code discount}
 * @param reference           article number; empty when the shop has none (then not sent)
 * @param name                what the customer sees, at most 255 characters
 * @param quantity            whole units, 0 to 100 000
 * @param unitPrice           price per unit with tax, before discount; negative for a discount line
 * @param taxRate             the rate in hundredths of a percent: 2500 is 25 %
 * @param totalAmount         {@code quantity * unitPrice - totalDiscountAmount}, with tax
 * @param totalDiscountAmount the discount on the line with tax, never negative
 * @param totalTaxAmount      the tax part of {@code totalAmount}; negative on discount lines
 */
public record KlarnaLine(String type, String reference, String name, long quantity, long unitPrice, int taxRate,
        long totalAmount, long totalDiscountAmount, long totalTaxAmount) {

    public KlarnaLine {
        reference = reference == null ? "" : reference;
    }

    /** The tax rate in percent as orderhook keys rates: 25, 12, 7.7. */
    public BigDecimal ratePercent() {
        return TaxSplit.canonical(BigDecimal.valueOf(taxRate, 2));
    }

    /** The line's amount without tax. */
    public long net() {
        return totalAmount - totalTaxAmount;
    }

    /** The same amount taken off: one unit of minus the line's total, as Klarna takes a discount line. */
    KlarnaLine negated(String newName) {
        return new KlarnaLine("discount", reference, newName, 1, -totalAmount, taxRate, -totalAmount, 0, -totalTaxAmount);
    }

    /** The fields in the order Klarna's reference shows them. */
    void writeTo(ObjectNode node) {
        node.put("type", type);
        if (!reference.isEmpty()) {
            node.put("reference", reference);
        }
        node.put("name", name);
        node.put("quantity", quantity);
        node.put("unit_price", unitPrice);
        node.put("tax_rate", taxRate);
        node.put("total_amount", totalAmount);
        node.put("total_discount_amount", totalDiscountAmount);
        node.put("total_tax_amount", totalTaxAmount);
    }
}
