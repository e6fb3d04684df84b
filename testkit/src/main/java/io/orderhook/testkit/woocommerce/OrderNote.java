package io.orderhook.testkit.woocommerce;

import java.time.Instant;

/**
 * An order note as the shop keeps it.
 *
 * @param id             the note's id (a WordPress comment id)
 * @param orderId        the order it belongs to
 * @param author         "system" for notes added through the REST API or by WooCommerce itself,
 *                       the merchant's name for notes typed in the admin
 * @param dateCreatedGmt when it was added
 * @param note           the text
 * @param customerNote   shown to (and e-mailed to) the customer
 * @param origin         who added it; not part of the REST body, for tests to tell notes apart
 */
public record OrderNote(long id, String orderId, String author, Instant dateCreatedGmt, String note,
                        boolean customerNote, Origin origin) {

    public enum Origin {
        /** {@code POST /orders/{id}/notes} (orderhook's write-back). */
        REST_API,
        /** Typed by the merchant in the admin (the simulator's Java API). */
        MERCHANT,
        /** Written by WooCommerce itself, e.g. "Order status changed from Processing to Completed." */
        STATUS_CHANGE
    }
}
