package io.orderhook.order;

import java.math.BigDecimal;

/**
 * A tax rate the shop applied to an order (WooCommerce {@code tax_lines[]}).
 *
 * @param rateId   the shop's id of the rate
 * @param label    what the shop calls it ("Moms 25%")
 * @param percent  the rate in percent, e.g. 25, 12, 6, 7.7
 * @param compound whether it is charged on top of other taxes
 */
public record TaxRate(String rateId, String label, BigDecimal percent, boolean compound) {}
