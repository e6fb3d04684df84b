package io.orderhook.testkit.woocommerce;

/**
 * A product in the simulated shop's catalog, so that {@code line_items} can name only a
 * {@code product_id} (or {@code sku}) and a quantity, as WooCommerce allows.
 *
 * @param productId the product id
 * @param sku       the article number
 * @param name      the product name
 * @param price     unit price as the merchant entered it (with tax when the shop's prices include tax)
 * @param taxClass  "" for Standard, "reduced-rate", "zero-rate", ...
 */
public record ProductSpec(long productId, String sku, String name, String price, String taxClass) {}
