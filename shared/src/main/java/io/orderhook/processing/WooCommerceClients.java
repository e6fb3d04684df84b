package io.orderhook.processing;

import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;

/** The WooCommerce REST v3 client for a shop. */
final class WooCommerceClients {
    private WooCommerceClients() {}

    static ShopClient create(ShopConfig config, String consumerKey, String consumerSecret) {
        // Replaced by WooCommerceRestClient when the shop simulator branch is on main.
        throw new IllegalStateException("the WooCommerce REST client is not on this branch yet");
    }
}
