package io.orderhook.shop;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;

/**
 * The shop's REST API as orderhook uses it (WooCommerce REST v3 first). Calls never throw
 * for an answer the shop can give; they return a {@link ShopResult}.
 */
public interface ShopClient {

    /** {@code POST /orders/{id}/notes}; answers the shop's note id. */
    ShopResult<String> addNote(String orderId, String note, boolean customerNote);

    /** {@code GET /orders/{id}/refunds/{refundId}} with positive amounts and quantities. */
    ShopResult<Refund> getRefund(String orderId, String refundId);

    /**
     * {@code PUT /orders/{id}}: set the status (null keeps it) and meta data entries.
     */
    ShopResult<Void> updateOrder(String orderId, String status, Map<String, String> meta);

    /**
     * {@code GET /orders/{id}/notes}: every note of the order, in the shop's order. Used before
     * sending a note again whose earlier attempt may have reached the shop, so that it is not
     * added twice. A client that cannot list notes answers {@link ShopResult.Rejected}; the
     * caller then sends the note anyway (at least once rather than never).
     */
    default ShopResult<List<ShopNote>> listNotes(String orderId) {
        return new ShopResult.Rejected<>(501, "not_supported", "this shop client cannot list order notes");
    }

    /**
     * {@code GET /orders/{id}}: the order's current status slug (without {@code wc-}). Read before a
     * late status write, so that it never overwrites a status the merchant set meanwhile.
     */
    default ShopResult<String> orderStatus(String orderId) {
        return new ShopResult.Rejected<>(501, "not_supported", "this shop client cannot read orders");
    }

    /**
     * {@code GET /orders/{id}}: the order as JSON text, the same shape as a webhook's body. Read to
     * wake an order up without a webhook (a declined step's retry falling due).
     */
    default ShopResult<String> orderJson(String orderId) {
        return new ShopResult.Rejected<>(501, "not_supported", "this shop client cannot read orders");
    }

    /**
     * {@code GET /orders/{id}}: the order as a webhook would carry it. Read when orderhook acts
     * on an order without a webhook (a capture request from the admin API, a bulk action).
     */
    default ShopResult<OrderSnapshot> order(String orderId) {
        return new ShopResult.Rejected<>(501, "not_supported", "this shop client cannot read orders");
    }

    /**
     * {@code PUT /orders/{id}} as {@link #updateOrder}, answering the order's body as the shop
     * answers it after the change (the shape of a webhook's body), so that orderhook can take the
     * change in as if its webhook had come.
     */
    default ShopResult<String> changeOrder(String orderId, String status, Map<String, String> meta) {
        return new ShopResult.Rejected<>(501, "not_supported", "this shop client cannot change orders");
    }

    /**
     * {@code GET /orders?status=...&modified_after=...}: the ids of the orders with this status
     * modified after the time (null: any time), every page, oldest id first.
     */
    default ShopResult<List<String>> orderIds(String status, Instant modifiedAfter) {
        return new ShopResult.Rejected<>(501, "not_supported", "this shop client cannot list orders");
    }

    /**
     * {@code GET /reports/orders/totals}: the order statuses the shop has registered (slugs without
     * {@code wc-}). WooCommerce's REST API takes no other, so a setting naming another is refused
     * when the shop can be asked.
     */
    default ShopResult<List<String>> registeredStatuses() {
        return new ShopResult.Rejected<>(501, "not_supported", "this shop client cannot list order statuses");
    }

    /**
     * {@code GET /orders?modified_after=...&modified_before=...&dates_are_gmt=true&orderby=modified&order=asc}:
     * one page of the orders (any status but trash) modified strictly between the two UTC times,
     * oldest change first. A page shorter than {@code perPage} is the last.
     *
     * @param modifiedAfterGmt  {@code yyyy-MM-ddTHH:mm:ss} in UTC, exclusive
     * @param modifiedBeforeGmt {@code yyyy-MM-ddTHH:mm:ss} in UTC, exclusive
     * @param page              from 1
     * @param perPage           1 to 100 (WordPress refuses more)
     */
    default ShopResult<List<ListedOrder>> ordersModified(String modifiedAfterGmt, String modifiedBeforeGmt, int page,
                                                         int perPage) {
        return new ShopResult.Rejected<>(501, "not_supported", "this shop client cannot list orders");
    }

    /** {@code GET /webhooks?status=all}: every webhook of the shop. */
    default ShopResult<List<ShopWebhookState>> webhooks() {
        return new ShopResult.Rejected<>(501, "not_supported", "this shop client cannot list webhooks");
    }

    /** {@code PUT /webhooks/{id}} {@code {"status":"active"}}; WooCommerce keeps the webhook's failure count. */
    default ShopResult<ShopWebhookState> activateWebhook(long webhookId) {
        return new ShopResult.Rejected<>(501, "not_supported", "this shop client cannot change webhooks");
    }
}
