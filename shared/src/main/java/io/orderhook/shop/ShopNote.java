package io.orderhook.shop;

/**
 * An order note as the shop lists it ({@code GET /orders/{id}/notes}).
 *
 * @param id           the shop's note id
 * @param text         the note's text as the shop stored it
 * @param customerNote shown and e-mailed to the customer
 */
public record ShopNote(String id, String text, boolean customerNote) {}
