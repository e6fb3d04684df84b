package io.orderhook.order;

import java.util.List;

/**
 * A refund with its lines, as fetched from the shop.
 *
 * @param refundId the shop's refund id
 * @param amount   refunded amount with tax, positive minor units
 * @param lines    refunded rows with positive quantities and amounts; empty when the merchant
 *                 refunded an amount without choosing rows
 * @param reason   the merchant's reason; may be empty
 */
public record Refund(String refundId, long amount, List<OrderLine> lines, String reason) {
    public Refund {
        lines = List.copyOf(lines);
    }
}
