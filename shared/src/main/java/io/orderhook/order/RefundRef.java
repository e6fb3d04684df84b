package io.orderhook.order;

/**
 * A refund as listed inside an order body: only its id and amount. Its lines must be
 * fetched from the shop ({@code GET /orders/{id}/refunds/{refundId}}).
 *
 * @param refundId the shop's refund id
 * @param amount   refunded amount with tax, positive minor units (WooCommerce lists it negative)
 * @param reason   the merchant's reason; may be empty
 */
public record RefundRef(String refundId, long amount, String reason) {}
