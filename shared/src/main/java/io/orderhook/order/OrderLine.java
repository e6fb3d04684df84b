package io.orderhook.order;

import java.math.BigDecimal;
import java.util.List;

/**
 * One row of an order. Amounts are minor units, excluding tax unless named otherwise.
 *
 * @param kind          what the row is
 * @param lineId        the shop's id of the row (stable across edits of the same row)
 * @param sku           article number; may be empty
 * @param name          what the customer sees
 * @param quantity      units: whole in most shops, decimal where a plugin sells by weight or length
 *                      (Billmate takes "3.5"); positive, also in refunds
 * @param subtotal      row total before coupon discounts, excluding tax
 * @param total         row total after coupon discounts, excluding tax
 * @param totalTax      tax on {@code total}, rounded as the shop rounded it
 * @param taxes         the tax of this row per tax rate id (the shop's unrounded split)
 */
public record OrderLine(
        LineKind kind,
        String lineId,
        String sku,
        String name,
        BigDecimal quantity,
        long subtotal,
        long total,
        long totalTax,
        List<LineTax> taxes) {

    public OrderLine {
        taxes = List.copyOf(taxes);
        quantity = quantity.stripTrailingZeros();
        if (quantity.scale() < 0) {
            quantity = quantity.setScale(0);
        }
    }

    /** A row of whole units. */
    public OrderLine(LineKind kind, String lineId, String sku, String name, long quantity, long subtotal, long total,
            long totalTax, List<LineTax> taxes) {
        this(kind, lineId, sku, name, BigDecimal.valueOf(quantity), subtotal, total, totalTax, taxes);
    }

    public enum LineKind { PRODUCT, SHIPPING, FEE, COUPON }

    /**
     * @param rateId the shop's tax rate id
     * @param amount tax of this rate on the row, in minor units with up to four more decimals
     *               scaled by 10,000 (WooCommerce sends more decimals than the currency has)
     */
    public record LineTax(String rateId, long amount) {}
}
