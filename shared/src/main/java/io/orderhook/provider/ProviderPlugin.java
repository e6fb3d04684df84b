package io.orderhook.provider;

import java.util.List;

import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;

/**
 * A payment provider as orderhook plugs it in: the name a shop's configuration uses for it and
 * how to build its client for one account. Each provider is one package (client, cart or amount
 * mapping, error codes and their advice, capabilities) plus one line in {@link ProviderRegistry}.
 */
public interface ProviderPlugin {

    /** The name in a shop's configuration ({@code provider.name}), lower case: "billmate". */
    String name();

    /**
     * The client for one merchant account.
     *
     * @param secret the account's secret, resolved from {@code account.secretRef()}
     */
    PaymentProvider create(ShopConfig.ProviderAccount account, String secret);

    /**
     * Where the provider's WooCommerce plugins keep its payment number in an order, first found
     * wins ({@code transaction_id} or a meta key): read for a payment method a shop routes to one
     * of the provider's accounts.
     */
    default List<String> paymentNumberFields() {
        return ShopSettings.DEFAULT_PAYMENT_NUMBER_FIELDS;
    }
}
