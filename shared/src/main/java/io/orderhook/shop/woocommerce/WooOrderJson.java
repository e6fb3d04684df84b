package io.orderhook.shop.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;

/** Reads WooCommerce REST v3 order and refund bodies into the shop-neutral order model. */
public final class WooOrderJson {
    private WooOrderJson() {}

    /** An order body (webhook payload or {@code GET /orders/{id}}). */
    public static OrderSnapshot order(JsonNode body) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * A refund body ({@code GET /orders/{id}/refunds/{refundId}}), with amounts and
     * quantities made positive.
     */
    public static Refund refund(JsonNode body) {
        throw new UnsupportedOperationException("not built yet");
    }
}
