package io.orderhook.shop;

/**
 * One order as the shop's order list shows it: the same body a webhook would carry, with the
 * fields a sweep decides on read out.
 *
 * @param orderId       the order's id
 * @param modifiedGmt   {@code date_modified_gmt} as the shop wrote it ({@code yyyy-MM-ddTHH:mm:ss}, UTC)
 * @param paymentMethod {@code payment_method}, empty when the order has none
 * @param body          the order's JSON, as the processor reads a delivery's body
 */
public record ListedOrder(String orderId, String modifiedGmt, String paymentMethod, String body) {}
