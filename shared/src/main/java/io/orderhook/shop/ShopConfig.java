package io.orderhook.shop;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything orderhook knows about one shop (item {@code SHOP#{shopId}} / {@code CONFIG}).
 * Secrets are never stored here, only references that a {@code SecretResolver} turns into
 * values (Secrets Manager ids in AWS, environment variables or a local file in local mode).
 *
 * @param shopId             the id in the webhook URL {@code /webhooks/woocommerce/{shopId}}
 * @param shopUrl            the shop's base URL; the REST API is under {@code {shopUrl}/wp-json/wc/v3/}
 * @param webhookSecretRef   reference to the WooCommerce webhook secret
 * @param restKeyRef         reference to the REST consumer key ({@code ck_...})
 * @param restSecretRef      reference to the REST consumer secret ({@code cs_...})
 * @param provider           the payment provider account
 * @param settings           the merchant's order-management settings
 * @param version            optimistic-locking version of the item
 * @param restAuth           how the REST key is presented to the shop ({@link RestAuth#AUTO}: by the URL's scheme)
 */
public record ShopConfig(
        String shopId,
        String shopUrl,
        String webhookSecretRef,
        String restKeyRef,
        String restSecretRef,
        ProviderAccount provider,
        ShopSettings settings,
        long version,
        RestAuth restAuth) {

    public ShopConfig {
        restAuth = restAuth == null ? RestAuth.AUTO : restAuth;
    }

    /** A shop whose REST authentication follows its URL's scheme ({@link RestAuth#AUTO}). */
    public ShopConfig(String shopId, String shopUrl, String webhookSecretRef, String restKeyRef, String restSecretRef,
                      ProviderAccount provider, ShopSettings settings, long version) {
        this(shopId, shopUrl, webhookSecretRef, restKeyRef, restSecretRef, provider, settings, version, RestAuth.AUTO);
    }

    /**
     * The configuration an order paid with {@code paymentMethod} is handled with. A method the
     * shop routes to an account of its own ({@link ShopSettings#providers()}) is managed by that
     * account, counts as one of the shop's payment methods, and finds its payment number where that
     * provider's WooCommerce plugins keep it; any other method keeps this configuration as it is.
     *
     * @param numberFields where a provider's plugins keep the payment number, by provider name
     */
    public ShopConfig forPaymentMethod(String paymentMethod, Function<String, List<String>> numberFields) {
        ProviderAccount routed = settings == null ? null : settings.providers().accountFor(paymentMethod).orElse(null);
        if (routed == null) {
            return this;
        }
        Set<String> methods = new LinkedHashSet<>(settings.paymentMethods());
        methods.add(paymentMethod);
        ShopSettings routedSettings = settings.withPaymentMethods(methods)
                .withPaymentNumberFields(numberFields.apply(routed.name()));
        return new ShopConfig(shopId, shopUrl, webhookSecretRef, restKeyRef, restSecretRef, routed, routedSettings,
                version, restAuth);
    }

    /**
     * @param name      provider name: "billmate", "klarna", "stripe"
     * @param accountId the merchant's id at the provider (Billmate: the numeric id; Klarna: the merchant id)
     * @param secretRef reference to the provider secret (Billmate: the key used for the hash; Klarna:
     *                  {@code username:password}; Stripe: the secret key)
     * @param endpoint  the API URL (Billmate: https://api.billmate.se/ or the sandbox; Klarna: a region or URL;
     *                  Stripe: the API base)
     * @param testMode  send {@code credentials.test = true}
     */
    public record ProviderAccount(String name, String accountId, String secretRef, String endpoint, boolean testMode) {}
}
