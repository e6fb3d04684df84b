package io.orderhook.provider.klarna;

import java.util.List;
import java.util.Set;

import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.ProviderPlugin;
import io.orderhook.shop.ShopConfig;

/**
 * Klarna Order Management in orderhook's provider registry. A shop's account: {@code endpoint} the
 * region ({@code eu}, {@code na}, {@code oc}; test mode uses the playground host) or a URL,
 * {@code accountId} the merchant id (for people; Klarna authenticates with the API username),
 * and the secret {@code username:password} of the API credentials.
 */
public final class KlarnaPlugin implements ProviderPlugin {

    /** The WooCommerce gateway ids of Klarna's plugins: Klarna Checkout (Kustom) and Klarna Payments. */
    public static final Set<String> PAYMENT_METHODS = Set.of("kco", "klarna_payments");

    /**
     * Where Klarna's WooCommerce plugins keep the Klarna order id, first found wins, as their
     * order management reads it: the order's {@code transaction_id} (set by {@code payment_complete}
     * and {@code set_transaction_id}), then the meta {@code _wc_klarna_order_id} both plugins write.
     */
    public static final List<String> PAYMENT_NUMBER_FIELDS = List.of("transaction_id", "_wc_klarna_order_id");

    @Override
    public String name() {
        return "klarna";
    }

    @Override
    public PaymentProvider create(ShopConfig.ProviderAccount account, String secret) {
        return new KlarnaProvider(account, secret, KlarnaProvider.httpClient());
    }

    @Override
    public List<String> paymentNumberFields() {
        return PAYMENT_NUMBER_FIELDS;
    }
}
