package io.orderhook.order;

import java.math.BigDecimal;
import java.util.OptionalLong;

/**
 * A tax rate the shop applied to an order (WooCommerce {@code tax_lines[]}).
 *
 * @param rateId   the shop's id of the rate
 * @param label    what the shop calls it ("Moms 25%")
 * @param percent  the rate in percent, e.g. 25, 12, 6, 7.7
 * @param compound whether it is charged on top of other taxes
 * @param taxTotal what the order charged at this rate in minor units, items and shipping together
 *                 ({@code tax_total + shipping_tax_total}): the shop's own rounding of the rate's tax,
 *                 which can differ from the sum of the lines' rounded taxes ("round tax at subtotal");
 *                 empty when the shop did not say
 */
public record TaxRate(String rateId, String label, BigDecimal percent, boolean compound, OptionalLong taxTotal) {

    public TaxRate {
        taxTotal = taxTotal == null ? OptionalLong.empty() : taxTotal;
    }

    /** A rate whose tax total the shop did not give. */
    public TaxRate(String rateId, String label, BigDecimal percent, boolean compound) {
        this(rateId, label, percent, compound, OptionalLong.empty());
    }
}
