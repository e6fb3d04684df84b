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

    /**
     * The configuration an order paid with {@code paymentMethod} is handled with: the shop's own, or
     * the one of the account the shop routes that method to ({@link ShopConfig#forPaymentMethod}).
     */
    default ShopConfig forPaymentMethod(ShopConfig config, String paymentMethod) {
        return config.forPaymentMethod(paymentMethod, provider -> config.settings().paymentNumberFields());
    }
}
