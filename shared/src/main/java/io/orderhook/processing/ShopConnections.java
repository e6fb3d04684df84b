package io.orderhook.processing;

import io.orderhook.provider.PaymentProvider;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;

/**
 * Builds the clients of one shop: its payment provider account and its REST API. The
 * cloud wiring resolves secrets and caches clients per shop; tests and local mode point
 * them at the Billmate sandbox and the shop simulator.
 */
public interface ShopConnections {
    PaymentProvider provider(ShopConfig config);

    ShopClient shop(ShopConfig config);
}
