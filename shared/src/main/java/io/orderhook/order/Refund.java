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
 * @param refundedPayment WooCommerce's {@code refunded_payment}: the payment gateway itself paid the
 *                 money back ("Refund via ..."), so the provider must not be asked to credit it again;
 *                 false for "Refund manually"
 */
public record Refund(String refundId, long amount, List<OrderLine> lines, String reason, boolean refundedPayment) {
    public Refund {
        lines = List.copyOf(lines);
    }

    /** A refund made with "Refund manually": the money is still to be credited at the provider. */
    public Refund(String refundId, long amount, List<OrderLine> lines, String reason) {
        this(refundId, amount, lines, reason, false);
    }
}
