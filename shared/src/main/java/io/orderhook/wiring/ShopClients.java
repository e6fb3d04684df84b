package io.orderhook.wiring;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.orderhook.processing.ShopConnections;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.ProviderRegistry;
import io.orderhook.secrets.SecretResolver;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;

/**
 * The clients of each shop: its payment provider account (through the {@link ProviderRegistry})
 * and its REST API, with secrets from the resolver. One of each per shop and configuration
 * version, so a changed configuration builds new clients; a rotated secret takes effect within
 * the resolver's refresh time for clients built after it.
 */
public final class ShopClients implements ShopConnections {

    /** Builds the shop's REST client from its configuration and resolved key and secret. */
    @FunctionalInterface
    public interface RestClientFactory {
        ShopClient create(ShopConfig config, String consumerKey, String consumerSecret);

        /** WooCommerce REST v3, authenticated the way the shop's configuration says. */
        static RestClientFactory wooCommerce() {
            return (config, key, secret) -> WooCommerceRestClient.builder(URI.create(config.shopUrl()), key, secret)
                    .auth(config.restAuth()).build();
        }
    }

    private final SecretResolver secrets;
    private final RestClientFactory rest;
    private final ProviderRegistry registry;
    private final Map<String, PaymentProvider> providers = new ConcurrentHashMap<>();
    private final Map<String, ShopClient> shopClients = new ConcurrentHashMap<>();

    public ShopClients(SecretResolver secrets, RestClientFactory rest, ProviderRegistry registry) {
        this.secrets = secrets;
        this.rest = rest;
        this.registry = registry;
    }

    /** One client per account: a shop whose payment methods go to several accounts has one for each. */
    @Override
    public PaymentProvider provider(ShopConfig config) {
        return providers.computeIfAbsent(key(config) + "#" + config.provider(), k -> registry.create(config.shopId(),
                config.provider(), secrets.resolve(config.provider().secretRef())));
    }

    /** A routed method's payment number is where its provider's plugins keep it. */
    @Override
    public ShopConfig forPaymentMethod(ShopConfig config, String paymentMethod) {
        return config.forPaymentMethod(paymentMethod, registry::paymentNumberFields);
    }

    @Override
    public ShopClient shop(ShopConfig config) {
        return shopClients.computeIfAbsent(key(config), k -> rest.create(config,
                secrets.resolve(config.restKeyRef()), secrets.resolve(config.restSecretRef())));
    }

    private static String key(ShopConfig config) {
        return config.shopId() + "#" + config.version();
    }
}
