package io.orderhook.processing;

import java.net.URI;

import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;

/** The WooCommerce REST v3 client for a shop, authenticated the way its configuration says. */
final class WooCommerceClients {
    private WooCommerceClients() {}

    static ShopClient create(ShopConfig config, String consumerKey, String consumerSecret) {
        return WooCommerceRestClient.builder(URI.create(config.shopUrl()), consumerKey, consumerSecret)
                .auth(config.restAuth()).build();
    }
}
