package io.orderhook.shop;

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
     * @param name      provider name, "billmate"
     * @param accountId the merchant's id at the provider (Billmate: the numeric id)
     * @param secretRef reference to the provider secret (Billmate: the key used for the hash)
     * @param endpoint  the API URL (Billmate: https://api.billmate.se/ or the sandbox)
     * @param testMode  send {@code credentials.test = true}
     */
    public record ProviderAccount(String name, String accountId, String secretRef, String endpoint, boolean testMode) {}
}
